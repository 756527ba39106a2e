import Foundation
import Synchronization

/// Answers emulator requests: routing, stats, latency, faults, rate limits,
/// authentication, then the endpoint handlers in the `Routes+…` files.
///
/// Free of libmicrohttpd so it can be driven directly; ``SentryEmulatorServer``
/// only moves bytes between sockets and ``handle(_:)``.
final class Router: Sendable {
    let state: EmulatorState
    let options: EmulatorOptions
    let faults = FaultInjector()
    let rateLimiter: RateLimiter?
    private let stats = Mutex<[String: Int]>([:])
    private let base = Mutex<String>("http://127.0.0.1")

    init(state: EmulatorState, options: EmulatorOptions) {
        self.state = state
        self.options = options
        self.rateLimiter = options.rateLimitPerSecond.map { RateLimiter(limit: $0) }
    }

    /// `http://127.0.0.1:PORT`, used for absolute URLs in `Link` headers.
    var baseURL: String {
        get { base.withLock { $0 } }
        set { base.withLock { $0 = newValue } }
    }

    // MARK: Stats

    /// Request counts keyed by `"METHOD /route/{template}/"`.
    func requestCounts() -> [String: Int] {
        stats.withLock { $0 }
    }

    func resetRequestCounts() {
        stats.withLock { $0 = [:] }
    }

    private func count(_ key: String) {
        stats.withLock { $0[key, default: 0] += 1 }
    }

    // MARK: Dispatch

    /// Answers one request; adds the `Date` header from the emulator's clock.
    func handle(_ request: EmulatorRequest) -> EmulatorResponse {
        var response = route(request)
        if !response.dropConnection {
            response.setHeader("Date", TimeFormatting.httpDate(state.nowMicros))
        }
        return response
    }

    private func route(_ request: EmulatorRequest) -> EmulatorResponse {
        if request.path.hasPrefix("/_emulator/") || request.path == "/_emulator" {
            return handleAdmin(request)
        }
        guard request.path.hasPrefix("/api/0/") || request.path == "/api/0" else {
            return .notFound
        }
        guard request.path.hasSuffix("/") else {
            // Django's APPEND_SLASH: a relative permanent redirect, body lost.
            let query = request.rawQuery.isEmpty ? "" : "?" + request.rawQuery
            return EmulatorResponse(
                status: 301,
                headers: [("Content-Type", "text/html; charset=utf-8"),
                          ("Location", request.path + "/" + query)]
            )
        }
        let match = RouteTable.match(method: request.method, path: request.path)
        count("\(request.method) \(match?.template ?? "(unmatched)")")
        if options.latencyMilliseconds > 0 {
            Thread.sleep(forTimeInterval: Double(options.latencyMilliseconds) / 1000)
        }
        return api(request, match: match)
    }

    private func api(_ request: EmulatorRequest, match: RouteTable.Match?) -> EmulatorResponse {
        let fault = faults.take(for: request, template: match?.template)
        if let fault, fault.action != .dropAfterApply {
            return fault.response()
        }
        let window = rateLimiter?.admit(key: request.authorization ?? "", now: state.nowMicros)
        defer { if window != nil { rateLimiter?.finish() } }
        var response: EmulatorResponse
        if let window, window.isLimited {
            response = RateLimiter.limitedResponse(limit: window.limit)
        } else {
            response = authenticatedAPI(request, match: match)
        }
        if let window {
            for header in window.headers { response.setHeader(header.name, header.value) }
        }
        if fault?.action == .dropAfterApply {
            return .dropped
        }
        return response
    }

    private func authenticatedAPI(_ request: EmulatorRequest,
                                  match: RouteTable.Match?) -> EmulatorResponse {
        let caller: Caller
        switch authenticate(request) {
        case .success(let value): caller = value
        case .failure(let failure): return failure.response
        }
        guard let match else { return .notFound }
        guard let endpoint = match.endpoint else {
            return .detail(405, "Method \"\(request.method)\" not allowed.")
        }
        let context = RouteContext(request: request, params: match.params, caller: caller)
        return dispatch(endpoint, context)
    }

    // MARK: Authentication

    struct AuthFailure: Error {
        var message: String
        var response: EmulatorResponse {
            var response = EmulatorResponse.detail(401, message)
            response.setHeader("WWW-Authenticate", "xBasic realm=\"api\"")
            return response
        }
    }

    /// Reads `Authorization: Bearer <token>` (scheme case-insensitive), with
    /// the 401 messages of CONTRACT.md §2.1.
    func authenticate(_ request: EmulatorRequest) -> Result<Caller, AuthFailure> {
        guard let header = request.authorization else { return .success(Caller(token: nil)) }
        let words = header.split(separator: " ", omittingEmptySubsequences: true)
        guard let scheme = words.first, scheme.lowercased() == "bearer" else {
            return .success(Caller(token: nil))
        }
        guard words.count > 1 else {
            return .failure(AuthFailure(message: "Invalid token header. No credentials provided."))
        }
        guard words.count == 2 else {
            return .failure(AuthFailure(
                message: "Invalid token header. Token string should not contain spaces."))
        }
        let value = String(words[1])
        guard let token = options.tokens.first(where: { $0.value == value }) else {
            let message = value.hasPrefix("sntrys_") ? "Invalid org token" : "Invalid token"
            return .failure(AuthFailure(message: message))
        }
        return .success(Caller(token: token))
    }
}

/// Who is calling: a known token, or nobody.
struct Caller {
    var token: EmulatorToken?

    func hasAny(_ scopes: [String]) -> Bool {
        guard let token else { return false }
        return scopes.contains { token.scopes.contains($0) }
    }
}

/// What an endpoint handler gets.
struct RouteContext {
    var request: EmulatorRequest
    var params: [String: String]
    var caller: Caller
}
