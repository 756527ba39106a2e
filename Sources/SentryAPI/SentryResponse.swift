import Foundation
import MirrorJSON

/// A response from Sentry that the caller accepted (2xx, or a status it asked
/// to see).
public struct SentryResponse: Sendable {
    /// The HTTP status.
    public var status: Int
    /// The header fields; lookup ignores case.
    public var headers: HTTPHeaders
    /// The body bytes (empty for 204).
    public var body: Data
    /// Requests sent to get this response, retries included.
    public var attempts: Int

    public init(status: Int, headers: HTTPHeaders, body: Data, attempts: Int = 1) {
        self.status = status
        self.headers = headers
        self.body = body
        self.attempts = attempts
    }

    /// The server's `Date` header, when present and well-formed.
    public var serverDate: Date? {
        headers["Date"].flatMap(HTTPDate.parse)
    }

    /// The body parsed as JSON.
    ///
    /// - Throws: ``SentryError/invalidResponse(_:)`` when it is not JSON.
    public func json() throws -> JSONValue {
        do {
            return try JSONValue(parsing: body)
        } catch {
            let start = String(decoding: body.prefix(80), as: UTF8.self)
            throw SentryError.invalidResponse(
                "expected JSON in a \(status) response, got \(body.count) bytes "
                    + "starting with '\(start)'"
            )
        }
    }
}
