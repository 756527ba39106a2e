import Foundation
import Synchronization

/// An estimate of Sentry's clock, learned from the `Date` headers of its
/// responses.
///
/// A `Date` header has one-second resolution and was written at some moment
/// between sending the request and receiving the answer. Each response
/// therefore bounds the offset (server minus local) to an interval:
/// `[date - received, date + 1 - sent]`. The clock keeps the intersection of
/// those intervals, which narrows as responses arrive, and estimates the
/// offset as its midpoint. When a new interval does not overlap the kept one
/// (a clock was stepped), the kept one is replaced.
///
/// Thread-safe: observe from any task, read from any other.
public final class ServerClock: Sendable {
    private struct Bounds {
        var lower: TimeInterval
        var upper: TimeInterval
        var midpoint: TimeInterval { (lower + upper) / 2 }
    }

    private let bounds = Mutex<Bounds?>(nil)
    private let localNow: @Sendable () -> Date

    /// A clock with no observations yet; `localNow` reads the local clock.
    public init(localNow: @escaping @Sendable () -> Date = { Date() }) {
        self.localNow = localNow
    }

    /// The local clock's current reading.
    public func localTime() -> Date { localNow() }

    /// Takes in the `Date` header of a response to a request sent at `sentAt`
    /// and answered at `receivedAt` (both local times).
    public func observe(serverDate: Date, sentAt: Date, receivedAt: Date) {
        let server = serverDate.timeIntervalSince1970
        let sample = Bounds(
            lower: server - receivedAt.timeIntervalSince1970,
            upper: server + 1 - min(sentAt, receivedAt).timeIntervalSince1970
        )
        bounds.withLock { kept in
            guard let current = kept else {
                kept = sample
                return
            }
            let lower = max(current.lower, sample.lower)
            let upper = min(current.upper, sample.upper)
            kept = lower <= upper ? Bounds(lower: lower, upper: upper) : sample
        }
    }

    /// Parses `header` as a `Date` value and observes it; ignores a bad header.
    public func observe(dateHeader header: String?, sentAt: Date, receivedAt: Date) {
        guard let header, let date = HTTPDate.parse(header) else { return }
        observe(serverDate: date, sentAt: sentAt, receivedAt: receivedAt)
    }

    /// Server time minus local time in seconds, or `nil` before any response.
    public var offset: TimeInterval? {
        bounds.withLock { $0?.midpoint }
    }

    /// How far off ``offset`` may be, in seconds (half the kept interval).
    public var uncertainty: TimeInterval? {
        bounds.withLock { kept in kept.map { ($0.upper - $0.lower) / 2 } }
    }

    /// The current server time: the local clock plus ``offset`` (or the bare
    /// local clock before any response was seen).
    public func now() -> Date {
        localNow().addingTimeInterval(offset ?? 0)
    }
}
