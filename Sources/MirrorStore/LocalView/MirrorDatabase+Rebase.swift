import MirrorJSON

/// Rebase: the local row of an entity := its server row with the entity's
/// still-pending mutations applied in order. Every difference from what the
/// local view held is written and journaled.
extension MirrorDatabase {
    /// Recomputes one entity of the local view and journals what changed.
    ///
    /// `renamedFrom` names the local id the entity had before Sentry gave it
    /// `id` (a confirmed creation): that row is replaced by the new one.
    /// Call inside a transaction.
    ///
    /// - Returns: the operation written for the entity's row, if any.
    @discardableResult
    func rebase(
        _ kind: EntityKind, id: String, journal: JournalWriter, renamedFrom: String? = nil
    ) throws -> JournalOperation? {
        let (desired, isServerCopy) = try desiredState(kind, org: journal.org, id: id)
        return try rebase(
            kind, id: id, to: desired, isServerCopy: isServerCopy, journal: journal,
            renamedFrom: renamedFrom)
    }

    /// Rebases an entity that has no pending mutation onto its server row,
    /// whose JSON the caller has just written as `serverText`: the same as
    /// ``rebase(_:id:journal:renamedFrom:)`` without reading the row back or
    /// asking the outbox again.
    func rebaseServerCopy(
        _ kind: EntityKind, id: String, serverText: String, journal: JournalWriter
    ) throws {
        let desired = try serverState(kind, org: journal.org, id: id, text: serverText)
        try rebase(kind, id: id, to: desired, isServerCopy: true, journal: journal)
    }

    /// Writes `desired` as the local row of one entity and journals what changed.
    @discardableResult
    private func rebase(
        _ kind: EntityKind, id: String, to desired: EntityState?, isServerCopy: Bool,
        journal: JournalWriter, renamedFrom: String? = nil
    ) throws -> JournalOperation? {
        let org = journal.org
        let oldID = renamedFrom ?? id
        let current = try localState(kind, org: org, id: oldID)
        let operation = try writeRow(
            kind, id: id, oldID: oldID, desired: desired, isServerCopy: isServerCopy,
            current: current, journal: journal)
        try writeLinks(
            kind, id: id, oldID: oldID, desired: desired?.links ?? [:],
            current: current?.links ?? [:], journal: journal)
        if kind == .teams, operation != nil {
            try rebasePendingCreations(journal: journal)
        }
        return operation
    }

    /// Rebases the entities that pending invites and project creations
    /// create: they name their teams by slug and copy the team's summary,
    /// so a team that appears, goes or changes changes them too.
    private func rebasePendingCreations(journal: JournalWriter) throws {
        let targets = try connection.rows(
            """
            SELECT entity, target_id FROM outbox
            WHERE org = ? AND kind IN ('member.add', 'project.create')
                AND state IN ('queued', 'sending')
            ORDER BY id
            """, journal.org
        ) { ($0.text(0), $0.text(1)) }
        for (entity, target) in targets {
            guard let kind = EntityKind(rawValue: entity) else { continue }
            try rebase(kind, id: target, journal: journal)
        }
    }

    /// What the local view should hold for one entity, and whether that is
    /// exactly its server row (no pending mutation applies).
    func desiredState(
        _ kind: EntityKind, org: String, id: String
    ) throws -> (EntityState?, isServerCopy: Bool) {
        let server = try serverState(kind, org: org, id: id)
        let effects = try pendingEffects(kind, org: org, target: id)
        guard !effects.isEmpty else { return (server, true) }
        var state = server
        for effect in effects {
            state = try effect.apply(to: state) { try localTeam(org: org, slug: $0) }
        }
        return (state, false)
    }

    /// The server row of one entity with its links; `text`, when given, is
    /// the row's JSON, known to the caller, and is not read again.
    func serverState(
        _ kind: EntityKind, org: String, id: String, text known: String? = nil
    ) throws -> EntityState? {
        let text: String
        if let known {
            text = known
        } else {
            let sql = "SELECT json FROM \(kind.serverTable) WHERE org = ? AND id = ?"
            guard let read = try connection.firstRow(sql, org, id, map: { $0.text(0) }) else {
                // Links of an entity Sentry has not listed (yet): a member on a
                // team's list that the members listing did not show.
                let links = try connection.links(
                    LinkTables.selectServer(kind), org: org, owner: id)
                return links.isEmpty ? nil : EntityState(text: "", links: links)
            }
            text = read
        }
        let links = try connection.links(LinkTables.selectServer(kind), org: org, owner: id)
        return EntityState(text: text, links: links)
    }

    func localState(_ kind: EntityKind, org: String, id: String) throws -> EntityState? {
        let sql = "SELECT json FROM \(kind.rawValue) WHERE org = ? AND id = ?"
        let text = try connection.firstRow(sql, org, id) { $0.text(0) }
        let links = try connection.links(LinkTables.selectLocal(kind), org: org, owner: id)
        guard let text else {
            // Links of an entity absent from the view (for example a member
            // listed on a team before the members listing saw it).
            return links.isEmpty ? nil : EntityState(text: "", links: links)
        }
        return EntityState(text: text, links: links)
    }

    /// The queued and sending mutations of one entity, oldest first.
    func pendingEffects(
        _ kind: EntityKind, org: String, target: String
    ) throws -> [PendingEffect] {
        try connection.rows(
            """
            SELECT id, kind, payload, made_at FROM outbox
            WHERE org = ? AND entity = ? AND target_id = ? AND state IN ('queued', 'sending')
            ORDER BY id
            """, org, kind.rawValue, target
        ) { row in
            guard let mutation = MutationKind(rawValue: row.text(1)),
                let payload = try? JSONValue(parsing: row.text(2))
            else {
                throw MirrorStoreError(
                    kind: .invalidStoredValue,
                    message: "pending mutation \(row.int(0)) cannot be read; "
                        + "drop it with `pending drop \(row.int(0))`")
            }
            return PendingEffect(
                id: Int64(row.int(0)), kind: mutation, targetID: target, payload: payload,
                madeAt: row.text(3))
        }
    }

    /// The ids of the entities of `kind` that have a queued or sending
    /// mutation: those whose rebase applies more than their server row.
    func pendingTargets(_ kind: EntityKind, org: String) throws -> Set<String> {
        Set(try connection.rows(
            """
            SELECT DISTINCT target_id FROM outbox
            WHERE org = ? AND entity = ? AND state IN ('queued', 'sending')
            """, org, kind.rawValue
        ) { $0.text(0) })
    }

    /// The team with `slug` in the local view.
    func localTeam(org: String, slug: String) throws -> TeamRecord? {
        try connection.firstRow(
            "SELECT \(EntityKind.teams.columns) FROM teams WHERE org = ? AND slug = ?", org, slug
        ) { TeamRecord(row: $0) }
    }

    private func writeRow(
        _ kind: EntityKind, id: String, oldID: String, desired: EntityState?,
        isServerCopy: Bool, current: EntityState?, journal: JournalWriter
    ) throws -> JournalOperation? {
        let currentText = current.flatMap { $0.text.isEmpty ? nil : $0.text }
        let table = kind.rawValue
        guard let desired, !desired.text.isEmpty else {
            guard let currentText else { return nil }
            try connection.run("DELETE FROM \(table) WHERE org = ? AND id = ?", journal.org, oldID)
            try journal.append(
                entity: table, id: oldID, operation: .delete, changes: currentText)
            return .delete
        }
        if oldID == id, desired.text == currentText { return nil }

        if oldID != id {
            try connection.run("DELETE FROM \(table) WHERE org = ? AND id = ?", journal.org, oldID)
        }
        if isServerCopy {
            try connection.run(
                """
                INSERT OR REPLACE INTO \(table) (org, \(kind.columns))
                SELECT org, \(kind.columns) FROM \(kind.serverTable) WHERE org = ? AND id = ?
                """, journal.org, id)
        } else {
            let record = try makeRecord(kind, json: try desired.object())
            try connection.cachedStatement(
                "INSERT OR REPLACE INTO \(table) (org, \(kind.columns)) "
                    + "VALUES (?, \(kind.placeholders))"
            ).bind([journal.org] + columnValues(of: record)).run()
        }
        guard let currentText else {
            try journal.append(entity: table, id: id, operation: .insert, changes: desired.text)
            return .insert
        }
        let changes = JournalWriter.updateChanges(
            old: try EntityState(text: currentText, links: [:]).object(),
            new: try desired.object())
        try journal.append(entity: table, id: id, operation: .update, changes: changes)
        return .update
    }

    private func writeLinks(
        _ kind: EntityKind, id: String, oldID: String, desired: [String: String?],
        current: [String: String?], journal: JournalWriter
    ) throws {
        guard kind != .teams, desired != current || oldID != id else { return }
        let entity = LinkTables.journalEntity(kind)
        for (team, role) in current.sorted(by: { $0.key < $1.key })
        where oldID != id || desired[team] == nil {
            try connection.run(LinkTables.deleteLocal(kind), journal.org, oldID, team)
            try journal.append(
                entity: entity, id: LinkTables.journalID(kind, owner: oldID, team: team),
                operation: .delete,
                changes: LinkTables.journalObject(kind, owner: oldID, team: team, role: role))
        }
        for (team, role) in desired.sorted(by: { $0.key < $1.key }) {
            let linkID = LinkTables.journalID(kind, owner: id, team: team)
            if oldID == id, let old = current[team] {
                guard old != role else { continue }
                try upsertLocalLink(kind, org: journal.org, owner: id, team: team, role: role)
                let changes: JSONValue = .object([
                    "teamRole": .object([
                        "old": old.map { .string($0) } ?? .null,
                        "new": role.map { .string($0) } ?? .null,
                    ])
                ])
                try journal.append(
                    entity: entity, id: linkID, operation: .update, changes: changes.canonicalText)
                continue
            }
            try upsertLocalLink(kind, org: journal.org, owner: id, team: team, role: role)
            try journal.append(
                entity: entity, id: linkID, operation: .insert,
                changes: LinkTables.journalObject(kind, owner: id, team: team, role: role))
        }
    }

    func upsertLocalLink(
        _ kind: EntityKind, org: String, owner: String, team: String, role: String?
    ) throws {
        if kind == .members {
            try connection.run(LinkTables.upsertLocal(kind), org, owner, team, role)
        } else {
            try connection.run(LinkTables.upsertLocal(kind), org, owner, team)
        }
    }

    /// A journal writer for changes made now in `org`.
    func journalWriter(
        org: String, origin: JournalOrigin, serverTime: String?
    ) -> JournalWriter {
        JournalWriter(
            connection: connection, org: org, origin: origin, serverTime: serverTime,
            recordedAt: recordedAt)
    }
}
