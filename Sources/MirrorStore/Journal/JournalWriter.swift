import MirrorJSON

/// Appends rows to the journal for one transaction's changes of the local view.
///
/// `changes` is canonical JSON: the new object for an insert, the old object
/// for a delete, and `{"field": {"old": …, "new": …}}` per changed top-level
/// field for an update.
struct JournalWriter {
    let connection: SQLiteConnection
    let org: String
    let origin: JournalOrigin
    /// The server time of the change (the pull's time, or when a mutation was made).
    let serverTime: String?
    /// The local time the row is written.
    let recordedAt: String

    func append(
        entity: String, id: String, operation: JournalOperation, changes: String
    ) throws {
        try connection.run(
            """
            INSERT INTO journal (org, origin, entity, entity_id, op, changes, server_time,
                recorded_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
            org, origin.rawValue, entity, id, operation.rawValue, changes, serverTime, recordedAt)
    }

    /// The update document between two versions of one object.
    static func updateChanges(old: JSONValue, new: JSONValue) -> String {
        var fields: [String: JSONValue] = [:]
        for key in new.changedKeys(from: old) {
            let oldValue = key.isEmpty ? old : old[key] ?? .null
            let newValue = key.isEmpty ? new : new[key] ?? .null
            fields[key] = .object(["old": oldValue, "new": newValue])
        }
        return JSONValue.object(fields).canonicalText
    }
}
