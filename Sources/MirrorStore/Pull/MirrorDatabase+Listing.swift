import FoundationEssentials
import MirrorJSON

/// The pull primitives: the sync engine streams a listing page by page into
/// server state, one transaction per call, and completes it at the end.
///
/// Rows missing from a listing are removed only by ``completeListing(org:kind:listing:at:)``,
/// so a listing that never completes deletes nothing (invariant 3).
extension MirrorDatabase {
    /// Starts a new listing generation of `resource` and returns its number.
    ///
    /// - Parameter at: server-clock time the listing started.
    public func beginListing(org: String, resource: EntityKind, at: Date) throws -> Int {
        try connection.transaction {
            try startListing(org: org, resource: resource.rawValue, at: ServerTime.text(at))
        }
    }

    /// Writes one page of a listing to server state and rebases what changed.
    ///
    /// An object whose canonical JSON equals the stored one only has its
    /// confirmation time and listing generation updated; a changed object
    /// gets `version + 1` and `first_seen_at = at`, and its local row is
    /// rebased and journaled with origin `remote`. For projects, the team
    /// links come from each object's `teams`.
    ///
    /// - Parameter at: server-clock time of the page (its `Date` header).
    public func applyServerPage<Record: MirrorRecord>(
        org: String, records: [Record], listing: Int, at: Date
    ) throws -> PageChanges {
        let time = ServerTime.text(at)
        return try connection.transaction {
            let journal = journalWriter(org: org, origin: .remote, serverTime: time)
            let before = try journalHead()
            let pending = try pendingTargets(Record.kind, org: org)
            var changes = PageChanges()
            for record in records {
                try applyServerRecord(
                    record, org: org, listing: listing, time: time, journal: journal,
                    isPending: pending.contains(record.id), changes: &changes)
            }
            changes.journalRows = try journalHead() - before
            return changes
        }
    }

    /// Builds the records of `kind` from Sentry's JSON objects and applies them.
    ///
    /// - Throws: ``MirrorStoreError`` `.invalidRecord` (nothing is written)
    ///   when an object lacks a field the mirror needs.
    public func applyServerPage(
        org: String, kind: EntityKind, objects: [JSONValue], listing: Int, at: Date
    ) throws -> PageChanges {
        switch kind {
        case .teams:
            try applyServerPage(
                org: org, records: try objects.map(TeamRecord.init(json:)), listing: listing,
                at: at)
        case .members:
            try applyServerPage(
                org: org, records: try objects.map(MemberRecord.init(json:)), listing: listing,
                at: at)
        case .projects:
            try applyServerPage(
                org: org, records: try objects.map(ProjectRecord.init(json:)), listing: listing,
                at: at)
        }
    }

    /// Ends a listing: removes what it did not see, rebases, records completion.
    ///
    /// Server rows whose listing generation is older than `listing` are
    /// deleted with their team links; their local rows are rebased (a delete
    /// in the journal, unless a pending mutation keeps them).
    ///
    /// - Returns: the ids removed from server state.
    public func completeListing(
        org: String, kind: EntityKind, listing: Int, at: Date
    ) throws -> [String] {
        let time = ServerTime.text(at)
        return try connection.transaction {
            let journal = journalWriter(org: org, origin: .remote, serverTime: time)
            let removed = try connection.rows(
                "SELECT id FROM \(kind.serverTable) WHERE org = ? AND listing < ? ORDER BY id",
                org, listing
            ) { $0.text(0) }
            for id in removed {
                try removeServerEntity(kind, org: org, id: id, journal: journal)
            }
            let count = try connection.firstRow(
                "SELECT count(*) FROM \(kind.serverTable) WHERE org = ?", org
            ) { $0.int(0) } ?? 0
            try finishListing(
                org: org, resource: kind.rawValue, listing: listing, time: time, rows: count)
            return removed
        }
    }

    /// The ids of `kind` in server state that listing `listing` has not seen.
    ///
    /// Before ``completeListing(org:kind:listing:at:)`` these are the rows it
    /// would remove. Offset paging skips a row when an earlier one goes
    /// mid-listing (CONTRACT §10.2), so the caller asks Sentry about each
    /// first and keeps those still there with ``keepListed(org:kind:ids:listing:)``.
    public func unlistedIDs(org: String, kind: EntityKind, listing: Int) throws -> [String] {
        try connection.rows(
            "SELECT id FROM \(kind.serverTable) WHERE org = ? AND listing < ? ORDER BY id",
            org, listing
        ) { $0.text(0) }
    }

    /// Counts rows the listing missed as seen by it, so that completing it
    /// keeps them; their content stays as the mirror holds it.
    public func keepListed(org: String, kind: EntityKind, ids: [String], listing: Int) throws {
        guard !ids.isEmpty else { return }
        try connection.transaction {
            for id in ids {
                try connection.run(
                    "UPDATE \(kind.serverTable) SET listing = max(listing, ?) "
                        + "WHERE org = ? AND id = ?", listing, org, id)
            }
        }
    }

    // MARK: - Steps

    func startListing(org: String, resource: String, at time: String) throws -> Int {
        try connection.firstRow(
            """
            INSERT INTO sync_state (org, resource, listing, started_at) VALUES (?, ?, 1, ?)
            ON CONFLICT (org, resource)
            DO UPDATE SET listing = listing + 1, started_at = excluded.started_at
            RETURNING listing
            """, org, resource, time
        ) { $0.int(0) } ?? 0
    }

    func finishListing(
        org: String, resource: String, listing: Int, time: String, rows: Int
    ) throws {
        try connection.run(
            """
            UPDATE sync_state SET completed_at = ?, completed_listing = ?, rows = ?
            WHERE org = ? AND resource = ?
            """, time, listing, rows, org, resource)
    }

    private func applyServerRecord<Record: MirrorRecord>(
        _ record: Record, org: String, listing: Int, time: String, journal: JournalWriter,
        isPending: Bool, changes: inout PageChanges
    ) throws {
        let kind = Record.kind
        let table = kind.serverTable
        let stored = try connection.firstRow(
            "SELECT json, version FROM \(table) WHERE org = ? AND id = ?", org, record.id
        ) { ($0.text(0), $0.int(1)) }
        if let stored, stored.0 == record.json {
            try connection.run(
                "UPDATE \(table) SET confirmed_at = ?, listing = ? WHERE org = ? AND id = ?",
                time, listing, org, record.id)
            changes.unchanged += 1
            return
        }
        try writeServerRow(
            record, org: org, version: (stored?.1 ?? 0) + 1, time: time, listing: listing)
        if stored == nil { changes.inserted += 1 } else { changes.updated += 1 }
        if isPending {
            try rebase(kind, id: record.id, journal: journal)
        } else {
            try rebaseServerCopy(kind, id: record.id, serverText: record.json, journal: journal)
        }
    }

    /// Replaces the server row of `record` (and, for projects, its team links).
    func writeServerRow(
        _ record: any MirrorRecord, org: String, version: Int, time: String, listing: Int
    ) throws {
        let kind = type(of: record).kind
        try connection.cachedStatement(
            """
            INSERT OR REPLACE INTO \(kind.serverTable)
                (org, \(kind.columns), version, first_seen_at, confirmed_at, listing)
            VALUES (?, \(kind.placeholders), ?, ?, ?, ?)
            """
        ).bind([org] + columnValues(of: record) + [version, time, time, listing]).run()
        guard let project = record as? ProjectRecord else { return }
        try connection.run(
            "DELETE FROM server_project_teams WHERE org = ? AND project_id = ?", org, project.id)
        for team in project.teamIDs {
            try connection.run(
                "INSERT INTO server_project_teams (org, project_id, team_id) VALUES (?, ?, ?)",
                org, project.id, team)
        }
    }

    /// Deletes an entity from server state with its links and rebases what that touches.
    func removeServerEntity(
        _ kind: EntityKind, org: String, id: String, journal: JournalWriter
    ) throws {
        try connection.run("DELETE FROM \(kind.serverTable) WHERE org = ? AND id = ?", org, id)
        switch kind {
        case .members:
            try connection.run(
                "DELETE FROM server_team_members WHERE org = ? AND member_id = ?", org, id)
            try rebase(.members, id: id, journal: journal)
        case .projects:
            try connection.run(
                "DELETE FROM server_project_teams WHERE org = ? AND project_id = ?", org, id)
            try rebase(.projects, id: id, journal: journal)
        case .teams:
            try rebase(.teams, id: id, journal: journal)
            try removeTeamLinks(org: org, teamID: id, journal: journal)
        }
    }

    /// Removes the server links of a deleted team and rebases their owners.
    private func removeTeamLinks(org: String, teamID: String, journal: JournalWriter) throws {
        let members = try connection.rows(
            "SELECT member_id FROM server_team_members WHERE org = ? AND team_id = ?", org, teamID
        ) { $0.text(0) }
        let projects = try connection.rows(
            "SELECT project_id FROM server_project_teams WHERE org = ? AND team_id = ?",
            org, teamID
        ) { $0.text(0) }
        try connection.run(
            "DELETE FROM server_team_members WHERE org = ? AND team_id = ?", org, teamID)
        try connection.run(
            "DELETE FROM server_project_teams WHERE org = ? AND team_id = ?", org, teamID)
        try connection.run(
            "DELETE FROM sync_state WHERE org = ? AND resource = ?", org,
            TeamMemberLinks.resource(teamID: teamID))
        for member in members { try rebase(.members, id: member, journal: journal) }
        for project in projects { try rebase(.projects, id: project, journal: journal) }
    }

    /// The highest journal sequence number, 0 for an empty journal.
    func journalHead() throws -> Int {
        try connection.firstRow("SELECT coalesce(max(seq), 0) FROM journal") { $0.int(0) } ?? 0
    }
}
