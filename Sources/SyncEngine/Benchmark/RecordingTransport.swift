import Foundation
import SentryAPI
import Synchronization

/// A transport that sends through another and keeps every request it sent,
/// so that the floor of a benchmark can send the very same requests again.
final class RecordingTransport: HTTPTransport {
    private let base: any HTTPTransport
    private let sent = Mutex<[HTTPRequest]>([])

    init(base: any HTTPTransport) {
        self.base = base
    }

    /// The requests sent so far, in the order they went out.
    var requests: [HTTPRequest] {
        sent.withLock { $0 }
    }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        sent.withLock { $0.append(request) }
        return try await base.send(request)
    }
}
