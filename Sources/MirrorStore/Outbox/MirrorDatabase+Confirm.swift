import FoundationEssentials
import MirrorJSON

extension MirrorDatabase {
    /// Records that Sentry accepted a mutation, in one durable transaction.
    ///
    /// Server state takes Sentry's answer, the outbox row goes, and the local
    /// view is rebased with origin `remote`, so the journal records what Sentry
    /// confirmed. For a creation, the `local:` id is replaced by Sentry's id in
    /// the local view (one journal update whose changes include `id`; the team
    /// links as delete and insert) and in the later mutations that target it.
    ///
    /// - Parameters:
    ///   - serverObject: Sentry's JSON answer: required for creations; for a
    ///     project update only the fields the listing carries are kept; ignored
    ///     for deletions (`nil` also for a 404 on DELETE, which counts as done).
    ///   - at: server time of the answer (its `Date` header).
    /// - Returns: the id of the entity on Sentry.
    /// - Throws: ``LocalWriteError/unknownMutation(_:)``, or ``MirrorStoreError``
    ///   `.invalidRecord` when a creation's answer lacks its id.
    @discardableResult
    public func markDone(id: Int64, serverObject: JSONValue?, at: Date) throws -> String {
        let time = ServerTime.text(at)
        return try connection.transaction(durable: true) {
            guard let mutation = try pendingMutation(id: id) else {
                throw LocalWriteError.unknownMutation(id)
            }
            try connection.run("DELETE FROM outbox WHERE id = ?", id)
            let journal = journalWriter(org: mutation.org, origin: .remote, serverTime: time)
            let kind = mutation.kind.entity
            switch mutation.kind {
            case .memberAdd, .projectCreate:
                guard let serverObject else {
                    throw MirrorStoreError(
                        kind: .invalidRecord,
                        message: "Sentry's answer to \(mutation.kind.rawValue) \(id) is missing; "
                            + "run push again")
                }
                let serverID = try confirmCreation(
                    mutation, record: try makeRecord(kind, json: serverObject), time: time,
                    journal: journal)
                try advanceBaseVersions(org: mutation.org, kind: kind, id: serverID)
                return serverID
            case .projectUpdate:
                try confirmUpdate(mutation, serverObject: serverObject, time: time)
                try rebase(kind, id: mutation.targetID, journal: journal)
            case .memberRemove, .projectDelete:
                try removeServerEntity(
                    kind, org: mutation.org, id: mutation.targetID, journal: journal)
            }
            try advanceBaseVersions(org: mutation.org, kind: kind, id: mutation.targetID)
            return mutation.targetID
        }
    }

    private func confirmCreation(
        _ mutation: PendingMutation, record: any MirrorRecord, time: String,
        journal: JournalWriter
    ) throws -> String {
        let kind = mutation.kind.entity
        let org = mutation.org
        try writeConfirmedServerRow(record, org: org, time: time)
        if mutation.kind == .memberAdd {
            // Sentry ignores team roles at invite (CONTRACT §5.2): links without a role.
            for slug in mutation.payload["teams"]?.arrayValue ?? [] {
                guard let slug = slug.stringValue, let team = try localTeam(org: org, slug: slug)
                else { continue }
                try connection.run(
                    """
                    INSERT OR IGNORE INTO server_team_members (org, team_id, member_id, team_role,
                        listing)
                    VALUES (?, ?, ?, NULL, 0)
                    """, org, team.id, record.id)
            }
        }
        try retarget(org: org, kind: kind, from: mutation.targetID, to: record.id)

        // A pull may already have brought the new entity in under its own id.
        let alreadyListed = try connection.firstRow(
            "SELECT 1 FROM \(kind.rawValue) WHERE org = ? AND id = ?", org, record.id,
            map: { _ in true }) ?? false
        if alreadyListed {
            try rebase(kind, id: mutation.targetID, journal: journal)
            try rebase(kind, id: record.id, journal: journal)
        } else {
            try rebase(kind, id: record.id, journal: journal, renamedFrom: mutation.targetID)
        }
        return record.id
    }

    /// Moves the later mutations of an entity onto the version our own
    /// confirmed write produced, so that the conflict rule does not mistake
    /// that write for a change made by someone else on Sentry.
    private func advanceBaseVersions(org: String, kind: EntityKind, id: String) throws {
        try connection.run(
            """
            UPDATE outbox SET base_version = (
                SELECT version FROM \(kind.serverTable) WHERE org = ?1 AND id = ?3)
            WHERE org = ?1 AND entity = ?2 AND target_id = ?3
            """, org, kind.rawValue, id)
    }

    /// Points the later mutations of a created entity at its Sentry id.
    private func retarget(org: String, kind: EntityKind, from oldID: String, to newID: String)
        throws
    {
        let later = try connection.rows(
            "SELECT id, payload FROM outbox WHERE org = ? AND entity = ? AND target_id = ?",
            org, kind.rawValue, oldID
        ) { (Int64($0.int(0)), $0.text(1)) }
        for (id, payloadText) in later {
            var payload = (try? JSONValue(parsing: payloadText)) ?? .object([:])
            if case .object(var fields) = payload, fields["id"] != nil {
                fields["id"] = .string(newID)
                payload = .object(fields)
            }
            try connection.run(
                "UPDATE outbox SET target_id = ?, payload = ? WHERE id = ?",
                newID, payload.canonicalText, id)
        }
    }

    /// Server state after a confirmed update: Sentry's answer, narrowed to the
    /// fields the listing carries so that the next pull sees no spurious change.
    private func confirmUpdate(_ mutation: PendingMutation, serverObject: JSONValue?, time: String)
        throws
    {
        guard let answer = serverObject?.objectValue else { return }
        let kind = mutation.kind.entity
        let stored = try connection.firstRow(
            "SELECT json FROM \(kind.serverTable) WHERE org = ? AND id = ?",
            mutation.org, mutation.targetID
        ) { $0.text(0) }
        var merged = answer
        if let stored, let old = try? JSONValue(parsing: stored).objectValue {
            merged = old.reduce(into: [:]) { result, field in
                result[field.key] = answer[field.key] ?? field.value
            }
        }
        try writeConfirmedServerRow(
            try makeRecord(kind, json: .object(merged)), org: mutation.org, time: time)
    }

    /// Writes a row Sentry confirmed; a new version only when its content changed.
    private func writeConfirmedServerRow(_ record: any MirrorRecord, org: String, time: String)
        throws
    {
        let kind = type(of: record).kind
        let stored = try connection.firstRow(
            "SELECT json, version, listing FROM \(kind.serverTable) WHERE org = ? AND id = ?",
            org, record.id
        ) { ($0.text(0), $0.int(1), $0.int(2)) }
        if let stored, stored.0 == record.json { return }
        // The current listing generation: the next complete listing keeps the row
        // only if Sentry still lists it.
        let listing = try stored?.2 ?? connection.firstRow(
            "SELECT listing FROM sync_state WHERE org = ? AND resource = ?", org, kind.rawValue
        ) { $0.int(0) } ?? 0
        try writeServerRow(
            record, org: org, version: (stored?.1 ?? 0) + 1, time: time, listing: listing)
    }
}
