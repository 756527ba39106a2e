import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The live transport: one `URLSession` that reuses connections and refuses
/// redirects.
///
/// Sentry answers a renamed project's old slug with 302, for every method;
/// following it would turn a PUT or DELETE into a GET of another URL
/// (CONTRACT §10.6). The session's delegate therefore declines every
/// redirect, and the 3xx comes back as an ordinary response.
///
/// Reads share one session and its kept-alive connections. Each write gets a
/// session, and so a connection, of its own: when a connection reused from an
/// earlier request drops after a POST, libcurl waits out the whole timeout
/// instead of failing, and push must learn quickly that the answer was lost.
/// Writes are few next to the pages of a pull, so the extra handshake is cheap.
public final class URLSessionTransport: HTTPTransport {
    private let configuration: URLSessionConfiguration
    private let session: URLSession

    /// A transport with its own ephemeral sessions (no cookies, no cache).
    ///
    /// - Parameter timeout: seconds a request may wait for data before it fails.
    public init(timeout: TimeInterval = 60) {
        configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.httpCookieStorage = nil
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        session = Self.makeSession(configuration)
    }

    deinit {
        session.finishTasksAndInvalidate()
    }

    private static func makeSession(_ configuration: URLSessionConfiguration) -> URLSession {
        URLSession(
            configuration: configuration, delegate: RedirectRefusingDelegate(), delegateQueue: nil
        )
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = request.method.rawValue
        for (name, value) in request.headers {
            urlRequest.setValue(value, forHTTPHeaderField: name)
        }
        urlRequest.httpBody = request.body

        let isRead = request.method == .get
        let session = isRead ? self.session : Self.makeSession(configuration)
        defer { if !isRead { session.finishTasksAndInvalidate() } }
        let (data, response) = try await session.data(for: urlRequest)
        guard let http = response as? HTTPURLResponse else {
            throw URLError(.badServerResponse)
        }
        return HTTPResponse(status: http.statusCode, headers: Self.headers(of: http), body: data)
    }

    private static func headers(of response: HTTPURLResponse) -> HTTPHeaders {
        var fields: [(String, String)] = []
        for (name, value) in response.allHeaderFields {
            fields.append((String(describing: name), String(describing: value)))
        }
        return HTTPHeaders(fields)
    }
}

/// Declines every redirect so that the 3xx response reaches the caller.
private final class RedirectRefusingDelegate: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(
        _ session: URLSession,
        task: URLSessionTask,
        willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest,
        completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }
}
