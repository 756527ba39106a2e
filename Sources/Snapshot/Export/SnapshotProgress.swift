/// How far an export has come, reported to the caller's progress closure.
public struct SnapshotProgress: Sendable, Equatable {
    /// The step an export is in.
    public enum Phase: String, Sendable {
        /// Taking the point-in-time copy of the database.
        case copying
        /// Compressing (and checksumming) into the snapshot file.
        case compressing
    }

    /// The current step.
    public var phase: Phase
    /// Bytes (or, for NDJSON, rows) done in this step.
    public var completed: Int64
    /// Bytes (or rows) this step will handle in all; 0 when unknown.
    public var total: Int64
}
