import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// When to try a request again and how long to wait first. Pure: it decides,
/// the client sleeps.
///
/// - Network errors and 5xx are retried with exponential backoff and jitter,
///   up to ``maxAttempts`` attempts in all. A request whose method is not
///   idempotent (POST) is retried only when it surely never reached Sentry
///   (the connection could not be made): a lost answer to a create must be
///   reconciled by reading, not by sending the create again.
/// - 429 waits as Sentry says: `Retry-After` seconds where present, else until
///   `X-Sentry-Rate-Limit-Reset` read against the response's own `Date`
///   header (never the local clock), plus a little jitter. At most
///   ``maxRateLimitWaits`` such waits, each at most ``maxRateLimitWait``.
public struct RetryPolicy: Sendable {
    /// Attempts in all for network errors and 5xx (the first one included).
    public var maxAttempts = 5
    /// The wait before the second attempt; doubled for each later one.
    public var baseDelay: Duration = .milliseconds(250)
    /// The longest backoff wait.
    public var maxDelay: Duration = .seconds(8)
    /// How many 429s are waited out before giving up.
    public var maxRateLimitWaits = 10
    /// The longest wait for one 429; a longer reset gives up at once.
    public var maxRateLimitWait: Duration = .seconds(60)
    /// Extra wait after a rate-limit reset: `rateLimitJitter * (1 + random)`.
    public var rateLimitJitter: Duration = .milliseconds(100)
    /// A source of numbers in `0..<1`, for jitter; injected by tests.
    public var random: @Sendable () -> Double

    /// The policy with default limits and the system random source.
    public init(random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }) {
        self.random = random
    }

    /// What happened to one attempt.
    public enum Outcome: Sendable {
        /// A response arrived.
        case response(status: Int, headers: HTTPHeaders)
        /// No response: `code` is the `URLError` code when there was one.
        case failure(code: URLError.Code?, message: String)
    }

    /// What to do next.
    public enum Decision: Sendable, Equatable {
        /// Hand the outcome to the caller (success or a final error status).
        case deliver
        /// Wait, then send the request again.
        case retry(after: Duration)
        /// Stop trying; `reason` says why, for the error message.
        case giveUp(reason: String)
    }

    /// Counts of earlier retries of one request.
    public struct State: Sendable, Equatable {
        /// Attempts made so far for network errors and 5xx, this one included.
        public var attempts = 1
        /// 429s waited out so far.
        public var rateLimitWaits = 0

        public init(attempts: Int = 1, rateLimitWaits: Int = 0) {
            self.attempts = attempts
            self.rateLimitWaits = rateLimitWaits
        }
    }

    /// Decides what follows `outcome` of a request sent with `method`, and
    /// updates `state` when the answer is to retry.
    public func decide(
        _ outcome: Outcome,
        method: HTTPMethod,
        state: inout State
    ) -> Decision {
        switch outcome {
        case .response(let status, let headers) where status == 429:
            return decideRateLimit(headers: headers, state: &state)
        case .response(let status, _) where (500...599).contains(status):
            guard method.isIdempotent else {
                return .giveUp(reason: "\(method) is not retried after an answer of \(status)")
            }
            return backoff(state: &state)
        case .response:
            return .deliver
        case .failure(let code, _):
            guard method.isIdempotent || Self.neverReachedServer(code) else {
                return .giveUp(reason: "\(method) is not retried when the answer may be lost")
            }
            return backoff(state: &state)
        }
    }

    /// The backoff before attempt `attempt + 1`: `baseDelay * 2^(attempt-1)`
    /// capped at ``maxDelay``, then scaled by a random factor in 0.5..<1.
    public func backoffDelay(afterAttempt attempt: Int) -> Duration {
        let exponent = Double(max(0, min(attempt - 1, 30)))
        let full = min(seconds(baseDelay) * pow(2, exponent), seconds(maxDelay))
        return .seconds(full * (0.5 + 0.5 * random()))
    }

    /// The wait a 429 asks for, jitter not included, or `nil` when its
    /// headers say nothing usable.
    public func rateLimitWait(headers: HTTPHeaders) -> Duration? {
        if let retryAfter = headers["Retry-After"]?.trimmingCharacters(in: .whitespaces) {
            if let seconds = Double(retryAfter), seconds >= 0 { return .seconds(seconds) }
            if let until = HTTPDate.parse(retryAfter),
               let now = headers["Date"].flatMap(HTTPDate.parse) {
                return .seconds(max(0, until.timeIntervalSince(now)))
            }
        }
        guard let reset = headers["X-Sentry-Rate-Limit-Reset"].flatMap(Double.init),
              let now = headers["Date"].flatMap(HTTPDate.parse)
        else { return nil }
        return .seconds(max(0, reset - now.timeIntervalSince1970))
    }

    private func decideRateLimit(headers: HTTPHeaders, state: inout State) -> Decision {
        guard state.rateLimitWaits < maxRateLimitWaits else {
            return .giveUp(reason: "still limited after \(maxRateLimitWaits) waits")
        }
        guard let wait = rateLimitWait(headers: headers) else {
            // No headers to go by: back off as for a server error, counted as a wait.
            state.rateLimitWaits += 1
            return .retry(after: backoffDelay(afterAttempt: state.rateLimitWaits))
        }
        guard wait <= maxRateLimitWait else {
            return .giveUp(reason: "Sentry asks to wait \(Int(seconds(wait).rounded())) s, "
                + "longer than the \(Int(seconds(maxRateLimitWait))) s this tool waits")
        }
        state.rateLimitWaits += 1
        return .retry(after: wait + rateLimitJitter + rateLimitJitter * random())
    }

    private func backoff(state: inout State) -> Decision {
        guard state.attempts < maxAttempts else {
            return .giveUp(reason: "gave up after \(maxAttempts) attempts")
        }
        let delay = backoffDelay(afterAttempt: state.attempts)
        state.attempts += 1
        return .retry(after: delay)
    }

    /// Whether a failure with `code` means the request was never delivered.
    static func neverReachedServer(_ code: URLError.Code?) -> Bool {
        guard let code else { return false }
        return [
            .cannotConnectToHost, .cannotFindHost, .dnsLookupFailed,
            .notConnectedToInternet, .secureConnectionFailed,
        ].contains(code)
    }

    private func seconds(_ duration: Duration) -> Double {
        let (whole, fraction) = duration.components
        return Double(whole) + Double(fraction) / 1e18
    }
}
