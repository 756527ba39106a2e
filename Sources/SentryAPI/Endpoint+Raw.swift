import Foundation
import MirrorJSON

extension Endpoint {
    /// An endpoint for the `api` command from a path the user typed.
    ///
    /// `path` is relative to `/api/0/` (`organizations/{org}/members/`); a
    /// leading `/`, a leading `/api/0/`, or a full URL on the configured host
    /// are accepted too. `{org}` and `{organization}` become the configured
    /// organization. A query string in `path` joins `query`. A missing
    /// trailing slash is added, since Sentry would answer with a redirect.
    ///
    /// - Throws: ``RawPathError`` for another host, a path outside `/api/0/`,
    ///   or `..` segments.
    public static func raw(
        method: HTTPMethod,
        path: String,
        query: [(name: String, value: String)] = [],
        body: JSONValue? = nil,
        configuration: SentryConfiguration
    ) throws -> Endpoint {
        var text = path.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { throw RawPathError.empty }
        let isAbsoluteURL = text.contains("://")
        text = try stripOrigin(text, configuration: configuration)

        var queryItems: [(name: String, value: String)] = []
        if let mark = text.firstIndex(of: "?") {
            queryItems = parseQuery(text[text.index(after: mark)...])
            text = String(text[..<mark])
        }
        let organization = encodeSegment(configuration.organization)
        text = text.replacingOccurrences(of: "{org}", with: organization)
            .replacingOccurrences(of: "{organization}", with: organization)
            .replacingOccurrences(of: "{organization_id_or_slug}", with: organization)

        let prefix = configuration.basePath + "/api/0/"
        if text.hasPrefix(prefix) {
            text.removeFirst(prefix.count)
        } else if isAbsoluteURL || text.hasPrefix("/api/") || text == "/api" {
            throw RawPathError.outsideAPI(path)
        }
        while text.hasPrefix("/") { text.removeFirst() }

        let segments = text.split(separator: "/", omittingEmptySubsequences: false)
        guard !segments.contains(where: { $0 == ".." || $0 == "." }),
              text.removingPercentEncoding?.contains("..") != true
        else { throw RawPathError.outsideAPI(path) }
        if !text.isEmpty, !text.hasSuffix("/") { text += "/" }

        return Endpoint(
            method: method, path: text, query: queryItems + query, body: body,
            scopes: [], resource: "resource at /api/0/\(text)"
        )
    }

    /// Removes `scheme://host[:port]` when it is the configured server's.
    private static func stripOrigin(
        _ text: String,
        configuration: SentryConfiguration
    ) throws -> String {
        guard text.contains("://") else { return text }
        guard let components = URLComponents(string: text),
              let host = components.host?.lowercased(),
              host == configuration.host,
              components.scheme?.lowercased() == configuration.baseURL.scheme,
              components.port == configuration.baseURL.port
        else { throw RawPathError.otherHost(text) }
        let query = components.percentEncodedQuery.map { "?" + $0 } ?? ""
        return components.percentEncodedPath + query
    }

    private static func parseQuery(_ text: Substring) -> [(name: String, value: String)] {
        text.split(separator: "&").compactMap { item in
            let pair = item.split(separator: "=", maxSplits: 1)
            guard let rawName = pair.first, !rawName.isEmpty else { return nil }
            let decode = { (part: Substring) in
                String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
                    ?? String(part)
            }
            return (name: decode(rawName), value: pair.count > 1 ? decode(pair[1]) : "")
        }
    }
}

/// Why a path given to the `api` command was refused.
public enum RawPathError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No path at all.
    case empty
    /// A URL on a host other than the configured Sentry.
    case otherHost(String)
    /// A path that leaves `/api/0/`.
    case outsideAPI(String)

    public var description: String {
        switch self {
        case .empty:
            return "No API path given; pass one relative to /api/0/, "
                + "such as organizations/{org}/members/."
        case .otherHost(let url):
            return "Refusing '\(url)': it is not on the configured Sentry server, and the auth "
                + "token is sent only there. Give a path relative to /api/0/."
        case .outsideAPI(let path):
            return "Refusing '\(path)': only paths below /api/0/ can be called. "
                + "Give a path relative to /api/0/, such as organizations/{org}/."
        }
    }
}
