import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import SentryAPI
import Synchronization

/// A transport that answers from a script and records what it was sent.
///
/// Each request takes the next scripted reply; a request beyond the script
/// fails the test with a clear message instead of hanging.
final class StubTransport: HTTPTransport {
    enum Reply: Sendable {
        case response(HTTPResponse)
        case failure(URLError.Code)
    }

    private let state: Mutex<(replies: [Reply], requests: [HTTPRequest])>
    private let responder: (@Sendable (HTTPRequest) -> Reply?)?

    init(_ replies: [Reply]) {
        state = Mutex((replies, []))
        responder = nil
    }

    /// A transport that computes each reply from the request.
    init(responder: @escaping @Sendable (HTTPRequest) -> Reply?) {
        state = Mutex(([], []))
        self.responder = responder
    }

    var requests: [HTTPRequest] { state.withLock { $0.requests } }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let reply: Reply? = state.withLock { state in
            state.requests.append(request)
            if let responder { return responder(request) }
            return state.replies.isEmpty ? nil : state.replies.removeFirst()
        }
        switch reply {
        case .response(let response)?: return response
        case .failure(let code)?: throw URLError(code)
        case nil: throw StubError.unscripted(request.url.absoluteString)
        }
    }

    enum StubError: Error { case unscripted(String) }
}

/// Records the delays a client asked to sleep for, without sleeping.
final class SleepRecorder: Sendable {
    private let delays = Mutex<[Duration]>([])
    /// Whether to really wait, for tests against a live server's clock.
    private let sleepsForReal: Bool

    init(sleepsForReal: Bool = false) {
        self.sleepsForReal = sleepsForReal
    }

    var recorded: [Duration] { delays.withLock { $0 } }

    var sleep: @Sendable (Duration) async throws -> Void {
        { [self] duration in
            self.delays.withLock { $0.append(duration) }
            if sleepsForReal { try await Task.sleep(for: duration) }
        }
    }
}

/// A distinctive token, so tests can check it never shows up in text.
let secretToken = "sntryu_0123456789abcdefSECRETSECRET0123456789abcdef0123456789abcdef"

func makeConfiguration(
    url: String = "https://sentry.example.com",
    org: String = "acme"
) throws -> SentryConfiguration {
    try SentryConfiguration(
        baseURL: url, organization: org, token: AuthToken(secretToken)
    )
}

func makeClient(
    _ transport: StubTransport,
    sleeper: SleepRecorder = SleepRecorder(),
    random: Double = 0.5
) throws -> SentryClient {
    try SentryClient(
        configuration: makeConfiguration(),
        transport: transport,
        retryPolicy: RetryPolicy(random: { random }),
        sleep: sleeper.sleep
    )
}

/// A response with a `Date` header and a JSON body.
func reply(
    _ status: Int,
    _ body: String = "{}",
    headers: [(String, String)] = [],
    date: String = "Sun, 01 Mar 2026 10:00:00 GMT"
) -> StubTransport.Reply {
    .response(HTTPResponse(
        status: status,
        headers: HTTPHeaders([("Date", date), ("Content-Type", "application/json")] + headers),
        body: Data(body.utf8)
    ))
}
