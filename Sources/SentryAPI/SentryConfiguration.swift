import Foundation

/// Where and as whom the client talks to Sentry.
///
/// The base URL may be `https://sentry.io`, a region host such as
/// `https://de.sentry.io`, or a self-hosted install (optionally below a path
/// prefix). Plain `http://` is accepted only for loopback hosts, where the
/// emulator runs; anything else would send the token in clear text.
public struct SentryConfiguration: Sendable {
    /// The server, without the `/api/0/` prefix and without a trailing slash.
    public let baseURL: URL
    /// The organization slug (or numeric id) that `{org}` stands for.
    public let organization: String
    /// The bearer token sent with every request.
    public let token: AuthToken
    /// Objects per page for paginated listings (1...100; Sentry's maximum is 100).
    public let perPage: Int
    /// The `User-Agent` header value.
    public var userAgent: String = "sentry-mirror/0.1"

    /// The default server.
    public static let defaultBaseURL = "https://sentry.io"

    /// Validates and builds a configuration.
    ///
    /// - Throws: ``SentryConfigurationError`` for a URL that cannot be used, an
    ///   insecure `http://` URL to a non-loopback host, an empty organization
    ///   or a page size outside 1...100.
    public init(
        baseURL: String = SentryConfiguration.defaultBaseURL,
        organization: String,
        token: AuthToken,
        perPage: Int = 100
    ) throws {
        self.baseURL = try Self.validatedBaseURL(baseURL)
        let organization = organization.trimmingCharacters(in: .whitespaces)
        guard !organization.isEmpty else { throw SentryConfigurationError.missingOrganization }
        guard (1...100).contains(perPage) else {
            throw SentryConfigurationError.invalidPageSize(perPage)
        }
        self.organization = organization
        self.token = token
        self.perPage = perPage
    }

    /// The host part of ``baseURL``, lowercased.
    var host: String { baseURL.host?.lowercased() ?? "" }

    /// The path of ``baseURL`` with no trailing slash (`""` for most servers).
    var basePath: String {
        let path = baseURL.path
        return path.hasSuffix("/") ? String(path.dropLast()) : path
    }

    private static func validatedBaseURL(_ text: String) throws -> URL {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let components = URLComponents(string: trimmed),
              let scheme = components.scheme?.lowercased(),
              let host = components.host, !host.isEmpty
        else {
            throw SentryConfigurationError.invalidURL(text)
        }
        guard scheme == "https" || scheme == "http" else {
            throw SentryConfigurationError.unsupportedScheme(url: text)
        }
        guard components.query == nil, components.fragment == nil,
              components.user == nil, components.password == nil
        else {
            throw SentryConfigurationError.invalidURL(text)
        }
        if scheme == "http", !isLoopback(host: host) {
            throw SentryConfigurationError.insecureURL(url: text, host: host)
        }
        var cleaned = components
        cleaned.scheme = scheme
        while cleaned.path.hasSuffix("/") { cleaned.path.removeLast() }
        if cleaned.path.hasSuffix("/api/0") { cleaned.path.removeLast("/api/0".count) }
        guard let url = cleaned.url else { throw SentryConfigurationError.invalidURL(text) }
        return url
    }

    /// Whether `host` names this machine: `localhost`, 127.0.0.0/8 or `::1`.
    public static func isLoopback(host: String) -> Bool {
        var host = host.lowercased()
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host == "localhost" || host.hasSuffix(".localhost") { return true }
        if host == "::1" || host == "0:0:0:0:0:0:0:1" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return false }
        let values = octets.compactMap { UInt8($0) }
        return values.count == 4 && values[0] == 127
    }
}

/// Why a ``SentryConfiguration`` could not be built.
public enum SentryConfigurationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The text is not an absolute URL with a host.
    case invalidURL(String)
    /// The scheme is neither `https` nor `http`.
    case unsupportedScheme(url: String)
    /// `http://` to a host that is not loopback.
    case insecureURL(url: String, host: String)
    /// No organization slug was given.
    case missingOrganization
    /// A page size outside 1...100.
    case invalidPageSize(Int)

    public var description: String {
        switch self {
        case .invalidURL(let url):
            return "'\(url)' is not a usable Sentry URL; give one like https://sentry.io "
                + "or https://sentry.example.com (no query or fragment)."
        case .unsupportedScheme(let url):
            return "'\(url)' must start with https:// (http:// only for 127.0.0.1 or localhost)."
        case .insecureURL(let url, let host):
            return "Refusing plain http for \(host) in '\(url)': the auth token would travel "
                + "unencrypted. Use https://\(host) instead (http is allowed only for "
                + "loopback hosts such as 127.0.0.1 and localhost)."
        case .missingOrganization:
            return "No organization given: pass --org SLUG or set SENTRY_ORG."
        case .invalidPageSize(let size):
            return "Page size \(size) is outside 1...100, the range Sentry accepts."
        }
    }
}
