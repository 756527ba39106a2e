import FoundationEssentials

/// One row of the change journal, as `changes --since` prints it.
public struct JournalEntry: Sendable, Equatable {
    /// The sequence number; it only grows.
    public let seq: Int
    public let org: String
    public let origin: JournalOrigin
    /// `teams`, `members`, `projects`, `team_members` or `project_teams`.
    public let entity: String
    /// The entity's id (`teamID:memberID` or `projectID:teamID` for links).
    public let entityID: String
    public let operation: JournalOperation
    /// Canonical JSON: the new object, the old object, or per-field old and new values.
    public let changes: String
    /// The server-clock time of the change, when known.
    public let serverTime: Date?
    /// The local time the row was written.
    public let recordedAt: Date?
}

extension MirrorDatabase {
    /// Journal rows after `since`, oldest first.
    ///
    /// - Parameters:
    ///   - since: the last sequence number already seen (0 for all).
    ///   - org: only this organization, when given.
    ///   - entity: only this journal entity (`members`, `team_members`, …), when given.
    ///   - limit: at most this many rows, when given.
    public func changes(
        since: Int = 0, org: String? = nil, entity: String? = nil, limit: Int? = nil
    ) throws -> [JournalEntry] {
        try connection.rows(
            """
            SELECT seq, org, origin, entity, entity_id, op, changes, server_time, recorded_at
            FROM journal
            WHERE seq > ? AND (?2 IS NULL OR org = ?2) AND (?3 IS NULL OR entity = ?3)
            ORDER BY seq LIMIT ?
            """, since, org, entity, limit ?? -1
        ) { row in
            JournalEntry(
                seq: row.int(0), org: row.text(1),
                origin: JournalOrigin(rawValue: row.text(2)) ?? .remote,
                entity: row.text(3), entityID: row.text(4),
                operation: JournalOperation(rawValue: row.text(5)) ?? .update,
                changes: row.text(6), serverTime: row.optionalText(7).flatMap(ServerTime.date),
                recordedAt: ServerTime.date(row.text(8)))
        }
    }

    /// The highest journal sequence number, 0 when the journal is empty.
    public var journalSequence: Int {
        get throws { try journalHead() }
    }
}
