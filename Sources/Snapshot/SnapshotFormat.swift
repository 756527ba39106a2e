/// What a snapshot holds inside its gzip stream.
public enum SnapshotFormat: String, Sendable, Codable, CaseIterable {
    /// The mirror's SQLite database file as it is on disk, ready to open.
    case sqlite
    /// JSON lines, one object per row tagged with its entity, after a manifest line.
    case ndjson
}
