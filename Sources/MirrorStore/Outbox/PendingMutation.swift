import FoundationEssentials
import MirrorJSON

/// One row of the outbox: a local write waiting for Sentry.
public struct PendingMutation: Sendable, Equatable {
    /// The outbox id; local creations are named `local:<id>` until confirmed.
    public let id: Int64
    public let org: String
    public let kind: MutationKind
    /// The id of the member or project it changes.
    public let targetID: String
    /// What the mutation sends; see ``MutationKind`` for each kind's fields.
    public let payload: JSONValue
    /// Server-clock time the mutation was made.
    public let madeAt: Date
    /// The version of the server row it was made against; `nil` for creations.
    public let baseVersion: Int?
    public let state: MutationState
    /// Requests sent for it so far.
    public let attempts: Int
    /// Sentry's message (or the network error) of the last failed attempt.
    public let lastError: String?
    /// When `push` should try it again after a retryable error.
    public let nextAttemptAt: Date?
}

extension PendingMutation {
    static let columns = """
        id, org, kind, target_id, payload, made_at, base_version, state, attempts, last_error,
        next_attempt_at
        """

    init(row: Statement) throws {
        guard let kind = MutationKind(rawValue: row.text(2)),
            let state = MutationState(rawValue: row.text(7)),
            let payload = try? JSONValue(parsing: row.text(4))
        else {
            throw MirrorStoreError(
                kind: .invalidStoredValue,
                message: "pending mutation \(row.int(0)) cannot be read; "
                    + "drop it with `pending drop \(row.int(0))`")
        }
        self.id = Int64(row.int(0))
        self.org = row.text(1)
        self.kind = kind
        self.targetID = row.text(3)
        self.payload = payload
        self.madeAt = ServerTime.date(row.text(5)) ?? Date(timeIntervalSince1970: 0)
        self.baseVersion = row.optionalInt(6)
        self.state = state
        self.attempts = row.int(8)
        self.lastError = row.optionalText(9)
        self.nextAttemptAt = row.optionalText(10).flatMap(ServerTime.date)
    }
}
