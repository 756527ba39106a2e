import Foundation
import MirrorStore

/// Decides whether a pending update still applies after Sentry changed the
/// same entity: the write with the later server timestamp wins.
///
/// A mutation records the server-clock time it was made and the version of
/// the server row it was made against. When the row's version moved on, the
/// server's change happened at or before the moment a pull first saw it
/// (`firstSeenAt`). If the mutation was made after that, the local write is
/// the later one and goes out; otherwise Sentry's change may be the later one
/// and wins, and the mutation is kept as failed for the user to retry or drop.
public enum ConflictRule {
    public enum Decision: Sendable, Equatable {
        /// Send the mutation.
        case send
        /// Sentry's change is the later one; `changedBy` is its latest possible time.
        case serverWins(changedBy: Date)
    }

    /// The decision for a mutation made at `madeAt` against `baseVersion`,
    /// given the server row now (`nil` when Sentry no longer lists it).
    ///
    /// - Parameter auditedChange: the time the audit log gives for Sentry's
    ///   latest change of the entity, when known; it replaces the bound the
    ///   pulls give.
    public static func decide(
        madeAt: Date, baseVersion: Int?, server: ServerVersion?, auditedChange: Date? = nil
    ) -> Decision {
        guard let baseVersion, let server, server.version != baseVersion else { return .send }
        let changedBy = auditedChange ?? server.firstSeenAt
        return madeAt > changedBy + clockMargin ? .send : .serverWins(changedBy: changedBy)
    }

    /// Seconds within which two server-clock times count as a tie, which
    /// Sentry wins. A mutation's time is the local clock plus an offset
    /// estimated from `Date` headers, which carry whole seconds.
    public static let clockMargin: TimeInterval = 1

    /// Whether the audit log is worth asking: the pulls alone do not settle it.
    static func needsAuditTime(madeAt: Date, baseVersion: Int?, server: ServerVersion?) -> Bool {
        decide(madeAt: madeAt, baseVersion: baseVersion, server: server) != .send
    }
}
