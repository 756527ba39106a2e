import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
@testable import SentryEmulator

/// A started emulator plus a URLSession that never follows redirects.
final class EmulatorHarness: @unchecked Sendable {
    // @unchecked: the session and server are only used from the test that
    // made the harness; both are thread-safe themselves.
    let server: SentryEmulatorServer
    let session: URLSession
    let token: String

    init(state: EmulatorState = .generated(org: "acme", teams: 5, members: 30, projects: 12),
         options: EmulatorOptions = EmulatorOptions()) throws {
        server = SentryEmulatorServer(state: state, options: options)
        token = options.tokens.first?.value ?? ""
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 10
        session = URLSession(configuration: configuration, delegate: RefuseRedirects(),
                             delegateQueue: nil)
        try server.start()
    }

    deinit {
        session.invalidateAndCancel()
        server.stop()
    }

    /// Sends a request; `token` nil means the harness token, "" means none.
    func send(_ method: String = "GET", _ target: String, token: String? = nil,
              authorization: String? = nil,
              json: Any? = nil) async throws -> (body: Data, response: HTTPURLResponse) {
        let url = URL(string: server.baseURL.absoluteString + target)!
        var request = URLRequest(url: url)
        request.httpMethod = method
        let value = token ?? self.token
        if let authorization {
            request.setValue(authorization, forHTTPHeaderField: "Authorization")
        } else if !value.isEmpty {
            request.setValue("Bearer \(value)", forHTTPHeaderField: "Authorization")
        }
        if let json {
            request.httpBody = try JSONSerialization.data(withJSONObject: json)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await session.data(for: request)
        return (data, response as! HTTPURLResponse)
    }

    /// Sends a request and decodes the body as JSON.
    func sendJSON(_ method: String = "GET", _ target: String, token: String? = nil,
                  json: Any? = nil) async throws -> (json: Any, response: HTTPURLResponse) {
        let (data, response) = try await send(method, target, token: token, json: json)
        let object = try JSONSerialization.jsonObject(with: data, options: .fragmentsAllowed)
        return (object, response)
    }
}

/// Refuses every redirect so tests see the 301/302 itself.
final class RefuseRedirects: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
    func urlSession(_ session: URLSession, task: URLSessionTask,
                    willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest,
                    completionHandler: @escaping (URLRequest?) -> Void) {
        completionHandler(nil)
    }
}
