import Foundation
import MirrorJSON

/// One call of the Sentry API: method, path, query, body, and what it needs.
///
/// The path is relative to `/api/0/`, percent-encoded, and always ends with
/// `/` (Sentry redirects slash-less paths and loses the body on the way,
/// CONTRACT §1). Build endpoints with the constructors in
/// `Endpoint+Catalog.swift`; ``init(method:path:query:body:scopes:resource:)``
/// is for paths that are already encoded, such as those of the `api` command.
public struct Endpoint: Sendable, Equatable {
    /// The HTTP method.
    public var method: HTTPMethod
    /// The encoded path below `/api/0/`, ending with `/` (empty for the index).
    public var path: String
    /// Query items, unencoded; the client encodes them.
    public var query: [(name: String, value: String)]
    /// The JSON body, sent with `Content-Type: application/json`.
    public var body: JSONValue?
    /// The token scopes of which the call needs one, for the 403 message.
    public var scopes: [String]
    /// What the path names, for the 404 message, e.g. `organization 'acme'`.
    public var resource: String

    /// An endpoint with an already encoded `path` relative to `/api/0/`.
    public init(
        method: HTTPMethod,
        path: String,
        query: [(name: String, value: String)] = [],
        body: JSONValue? = nil,
        scopes: [String] = [],
        resource: String = "resource"
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.body = body
        self.scopes = scopes
        self.resource = resource
    }

    /// An endpoint whose path is built from unencoded `segments`, each
    /// percent-encoded on its own, so that a slug or id cannot add a segment.
    public init(
        _ method: HTTPMethod,
        segments: [String],
        query: [(name: String, value: String)] = [],
        body: JSONValue? = nil,
        scopes: [String],
        resource: String
    ) {
        let path = segments.map(Self.encodeSegment).map { $0 + "/" }.joined()
        self.init(
            method: method, path: path, query: query, body: body,
            scopes: scopes, resource: resource
        )
    }

    /// The absolute path, e.g. `/api/0/organizations/acme/members/`.
    public var apiPath: String { "/api/0/" + path }

    /// `GET /api/0/organizations/acme/members/`, for messages.
    public var requestLine: String { "\(method) \(apiPath)" }

    /// A copy with the query item `name` set to `value`, replacing earlier ones.
    public func setting(_ name: String, to value: String) -> Endpoint {
        var copy = self
        copy.query.removeAll { $0.name == name }
        copy.query.append((name: name, value: value))
        return copy
    }

    /// The value of the query item `name`, if present.
    public func queryValue(_ name: String) -> String? {
        query.first { $0.name == name }?.value
    }

    /// The encoded query string without the `?`, or `nil` when empty.
    var encodedQuery: String? {
        guard !query.isEmpty else { return nil }
        return query.map { "\(Self.encodeQuery($0.name))=\(Self.encodeQuery($0.value))" }
            .joined(separator: "&")
    }

    public static func == (lhs: Endpoint, rhs: Endpoint) -> Bool {
        lhs.method == rhs.method && lhs.path == rhs.path
            && lhs.query.elementsEqual(rhs.query) { $0 == $1 }
            && lhs.body == rhs.body && lhs.scopes == rhs.scopes && lhs.resource == rhs.resource
    }

    // Unreserved characters of RFC 3986 §2.3; everything else is encoded.
    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
    )
    // Cursors look like `100:1:0`; Sentry's own links leave the colons bare.
    private static let queryAllowed = unreserved.union(CharacterSet(charactersIn: ":"))

    /// Percent-encodes one path segment (`/` included).
    public static func encodeSegment(_ segment: String) -> String {
        segment.addingPercentEncoding(withAllowedCharacters: unreserved) ?? segment
    }

    static func encodeQuery(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: queryAllowed) ?? text
    }
}
