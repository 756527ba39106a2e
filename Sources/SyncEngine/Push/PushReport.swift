import Foundation
import MirrorStore

/// What one push did with each pending mutation.
public struct PushReport: Sendable {
    /// The fate of one mutation.
    public enum Outcome: Sendable, Equatable {
        /// Sentry confirmed it; `serverID` is the entity's id on Sentry. `adopted`
        /// when an earlier attempt had already taken effect and was found by reading back.
        case done(serverID: String, adopted: Bool)
        /// Sentry refused it (400, 403, 404, 409) or it lost a conflict: its effect
        /// is withdrawn from the local view and it is kept for the user.
        case failed(message: String)
        /// A network error, 5xx or 429: still queued, tried again on the next push.
        case willRetry(message: String, nextAttemptAt: Date)
        /// Not sent because an earlier mutation of the same entity did not go through.
        case heldBack(behind: Int64)
        /// `--dry-run`: the request that would be sent.
        case wouldSend(request: String)
    }

    public struct Entry: Sendable {
        public var mutationID: Int64
        public var kind: MutationKind
        public var target: String
        public var outcome: Outcome
    }

    public var entries: [Entry] = []

    /// Whether every mutation that was looked at went through (or would, in a dry run).
    public var isComplete: Bool {
        entries.allSatisfy {
            switch $0.outcome {
            case .done, .wouldSend: true
            case .failed, .willRetry, .heldBack: false
            }
        }
    }

    public func count(where predicate: (Outcome) -> Bool) -> Int {
        entries.filter { predicate($0.outcome) }.count
    }
}
