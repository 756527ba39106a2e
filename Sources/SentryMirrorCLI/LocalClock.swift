import Foundation
import MirrorStore

/// The server-clock time of a local write: the local clock plus the offset
/// learned from Sentry's `Date` headers at the last pull (zero before any).
enum LocalClock {
    static func serverNow(database: MirrorDatabase, org: String) throws -> Date {
        let offset = try database.clockOffset(org: org)?.seconds ?? 0
        return Date().addingTimeInterval(offset)
    }
}
