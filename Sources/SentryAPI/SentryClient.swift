import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization

/// Talks to the Sentry REST API: builds authenticated requests, retries as
/// ``RetryPolicy`` says, learns the server's clock, and turns error statuses
/// into ``SentryError``.
///
/// ```swift
/// let client = SentryClient(configuration: configuration)
/// let organization = try await client.send(.organization("acme")).json()
/// for try await page in client.pages(.members("acme")) {
///     store(page.items)
/// }
/// ```
///
/// Every request carries `Authorization: Bearer <token>`,
/// `Accept: application/json` and `User-Agent: sentry-mirror/0.1`.
public final class SentryClient: Sendable {
    /// Where and as whom requests go.
    public let configuration: SentryConfiguration
    /// The server clock estimate, fed by every response's `Date` header.
    public let clock: ServerClock
    /// When to retry.
    public let retryPolicy: RetryPolicy

    private let transport: any HTTPTransport
    private let sleep: @Sendable (Duration) async throws -> Void
    private let sentRequests = Mutex(0)

    /// A client.
    ///
    /// - Parameters:
    ///   - transport: sends requests; ``URLSessionTransport`` by default.
    ///   - clock: receives every `Date` header.
    ///   - retryPolicy: when to retry and how long to wait.
    ///   - sleep: waits between attempts; tests pass one that records and
    ///     returns at once.
    public init(
        configuration: SentryConfiguration,
        transport: any HTTPTransport = URLSessionTransport(),
        clock: ServerClock = ServerClock(),
        retryPolicy: RetryPolicy = RetryPolicy(),
        sleep: @escaping @Sendable (Duration) async throws -> Void = {
            try await Task.sleep(for: $0)
        }
    ) {
        self.configuration = configuration
        self.transport = transport
        self.clock = clock
        self.retryPolicy = retryPolicy
        self.sleep = sleep
    }

    /// HTTP requests sent so far by this client, retries included.
    public var requestCount: Int { sentRequests.withLock { $0 } }

    /// Sends `endpoint`, retrying as the policy allows, and returns the
    /// response when its status is 2xx or in `acceptStatuses`.
    ///
    /// Pass `acceptStatuses: [404]` to a DELETE to learn that the thing was
    /// already gone instead of getting an error.
    ///
    /// - Throws: ``SentryError`` for every other outcome;
    ///   `CancellationError` when the task is cancelled.
    public func send(
        _ endpoint: Endpoint,
        acceptStatuses: Set<Int> = []
    ) async throws -> SentryResponse {
        let request = try makeRequest(endpoint)
        var state = RetryPolicy.State()
        while true {
            try Task.checkCancellation()
            let (outcome, response) = try await attempt(request)
            switch retryPolicy.decide(outcome, method: endpoint.method, state: &state) {
            case .retry(let delay):
                try await sleep(delay)
            case .deliver:
                // `.deliver` only follows an outcome that holds a response.
                let response = response!
                let attempts = state.attempts + state.rateLimitWaits
                return try accept(response, endpoint, acceptStatuses, attempts: attempts)
            case .giveUp(let reason):
                throw finalError(outcome, response, reason: reason, state: state)
            }
        }
    }

    /// Sends one request and records its `Date` header in ``clock``.
    private func attempt(
        _ request: HTTPRequest
    ) async throws -> (RetryPolicy.Outcome, HTTPResponse?) {
        let sentAt = clock.localTime()
        sentRequests.withLock { $0 += 1 }
        do {
            let response = try await transport.send(request)
            clock.observe(
                dateHeader: response.headers["Date"], sentAt: sentAt,
                receivedAt: clock.localTime()
            )
            return (.response(status: response.status, headers: response.headers), response)
        } catch let error as CancellationError {
            throw error
        } catch let error as URLError {
            if error.code == .cancelled, Task.isCancelled { throw CancellationError() }
            return (.failure(code: error.code, message: describe(error, request)), nil)
        } catch {
            return (.failure(code: nil, message: String(describing: error)), nil)
        }
    }

    private func accept(
        _ response: HTTPResponse,
        _ endpoint: Endpoint,
        _ acceptStatuses: Set<Int>,
        attempts: Int
    ) throws -> SentryResponse {
        let status = response.status
        guard (200...299).contains(status) || acceptStatuses.contains(status) else {
            throw statusError(response, endpoint)
        }
        return SentryResponse(
            status: status, headers: response.headers, body: response.body, attempts: attempts
        )
    }

    /// The error for a final status that is not a success.
    private func statusError(_ response: HTTPResponse, _ endpoint: Endpoint) -> SentryError {
        let detail = SentryErrorBody.message(in: response.body).map(configuration.token.redact)
        switch response.status {
        case 401:
            return .unauthorized(detail: detail)
        case 403:
            return .forbidden(detail: detail, scopes: endpoint.scopes)
        case 404:
            return .notFound(resource: endpoint.resource, detail: detail)
        case 300...399:
            let location = response.headers["Location"]
            let slug = SentryErrorBody.movedSlug(in: response.body)
                ?? location.flatMap(Self.projectSlug(inLocation:))
            return .redirected(status: response.status, location: location, slug: slug)
        default:
            let body = configuration.token.redact(SentryErrorBody.text(of: response.body))
            return .http(status: response.status, detail: detail, body: body)
        }
    }

    private func finalError(
        _ outcome: RetryPolicy.Outcome,
        _ response: HTTPResponse?,
        reason: String,
        state: RetryPolicy.State
    ) -> SentryError {
        let detail = response
            .flatMap { SentryErrorBody.message(in: $0.body) }
            .map(configuration.token.redact)
        switch outcome {
        case .response(let status, _) where status == 429:
            return .rateLimited(detail: detail, reason: reason)
        case .response(let status, _):
            return .server(status: status, detail: detail, attempts: state.attempts)
        case .failure(_, let message):
            return .network(message: configuration.token.redact(message), attempts: state.attempts)
        }
    }

    /// The slug of a `/api/0/projects/{org}/{slug}/...` location, which is
    /// what Sentry redirects a renamed project to. URLSession may drop the
    /// body of a refused redirect, so the header is the fallback.
    static func projectSlug(inLocation location: String) -> String? {
        let path = location.split(separator: "?").first ?? ""
        let parts = path.split(separator: "/")
        guard let index = parts.firstIndex(of: "projects"), index + 2 < parts.count else {
            return nil
        }
        return String(parts[index + 2]).removingPercentEncoding
    }

    private func describe(_ error: URLError, _ request: HTTPRequest) -> String {
        let target = request.url.host.map { host in
            request.url.port.map { "\(host):\($0)" } ?? host
        } ?? request.url.absoluteString
        return "\(Self.words(for: error.code)) (\(target))"
    }

    private static func words(for code: URLError.Code) -> String {
        switch code {
        case .timedOut: "the request timed out"
        case .cannotConnectToHost: "could not connect"
        case .cannotFindHost, .dnsLookupFailed: "the host name could not be resolved"
        case .networkConnectionLost: "the connection was lost"
        case .notConnectedToInternet: "no network connection"
        case .secureConnectionFailed, .serverCertificateUntrusted,
             .serverCertificateHasBadDate, .serverCertificateNotYetValid:
            "the TLS connection failed"
        case .badServerResponse: "the server sent a malformed response"
        default: "URL error \(code.rawValue)"
        }
    }

    /// The HTTP request for `endpoint`: URL, headers and JSON body.
    func makeRequest(_ endpoint: Endpoint) throws -> HTTPRequest {
        var text = configuration.baseURL.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        text += endpoint.apiPath
        if let query = endpoint.encodedQuery { text += "?" + query }
        guard let url = URL(string: text) else {
            throw SentryError.invalidResponse("cannot build a URL for \(endpoint.requestLine)")
        }

        var headers: HTTPHeaders = [
            "Authorization": configuration.token.authorizationHeaderValue,
            "Accept": "application/json",
            "User-Agent": configuration.userAgent,
        ]
        var body: Data?
        if let json = endpoint.body {
            body = Data(json.canonicalText.utf8)
            headers.set("Content-Type", "application/json")
        }
        return HTTPRequest(method: endpoint.method, url: url, headers: headers, body: body)
    }
}
