import Synchronization

/// Sentry's SaaS API rate limiter: a fixed one-second window per caller
/// (CONTRACT.md §7), with the five `X-Sentry-Rate-Limit-*` headers.
final class RateLimiter: Sendable {
    /// The outcome of admitting one request.
    struct Window {
        var limit: Int
        var isLimited: Bool
        var headers: [(name: String, value: String)]
    }

    /// Reported in `X-Sentry-Rate-Limit-ConcurrentLimit`; never enforced, as
    /// on sentry.io without `ENFORCE_CONCURRENT_RATE_LIMITS`.
    static let concurrentLimit = 25

    private struct Counters {
        var windows: [String: (second: Int64, count: Int)] = [:]
        var inFlight = 0
    }

    let limit: Int
    private let counters = Mutex(Counters())

    init(limit: Int) {
        self.limit = max(0, limit)
    }

    /// Counts a request for `key` (the raw Authorization header) at the
    /// emulator time `now`; call ``finish()`` once it is answered.
    func admit(key: String, now: Microseconds) -> Window {
        let second = now >= 0 ? now / 1_000_000 : (now - 999_999) / 1_000_000
        return counters.withLock { counters in
            var entry = counters.windows[key] ?? (second, 0)
            if entry.second != second { entry = (second, 0) }
            entry.count += 1
            counters.windows[key] = entry
            counters.inFlight += 1
            let isLimited = entry.count > limit
            let remaining = isLimited ? 0 : limit - entry.count
            let concurrentRemaining = max(0, Self.concurrentLimit - counters.inFlight)
            return Window(limit: limit, isLimited: isLimited, headers: [
                ("X-Sentry-Rate-Limit-Limit", String(limit)),
                ("X-Sentry-Rate-Limit-Remaining", String(remaining)),
                ("X-Sentry-Rate-Limit-Reset", String(second + 1)),
                ("X-Sentry-Rate-Limit-ConcurrentLimit", String(Self.concurrentLimit)),
                ("X-Sentry-Rate-Limit-ConcurrentRemaining", String(concurrentRemaining)),
            ])
        }
    }

    func finish() {
        counters.withLock { $0.inFlight -= 1 }
    }

    /// The middleware's 429: a JSON string literal served as HTML, no Retry-After.
    static func limitedResponse(limit: Int) -> EmulatorResponse {
        let message = "You are attempting to use this endpoint too frequently. "
            + "Limit is \(limit) requests in 1 seconds"
        return EmulatorResponse(
            status: 429,
            headers: [("Content-Type", "text/html; charset=utf-8")],
            body: JSONNode.string(message).encoded()
        )
    }
}
