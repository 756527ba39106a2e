/// A call to Sentry that failed, with what the user can do about it.
///
/// `description` is the message for people: the cause, Sentry's own words
/// where it gave some, and the fix. It never contains the auth token (the
/// client also scrubs text the server sent back).
public enum SentryError: Error, Equatable, Sendable, CustomStringConvertible {
    /// 401: the token is missing, unknown, expired or malformed.
    case unauthorized(detail: String?)
    /// 403: the token or its user lacks a scope or role; `scopes` are those
    /// of which the call needs one.
    case forbidden(detail: String?, scopes: [String])
    /// 404: `resource` (e.g. `organization 'acme'`) does not exist or is not
    /// visible to the token.
    case notFound(resource: String, detail: String?)
    /// 429 persisted through every allowed wait.
    case rateLimited(detail: String?, reason: String)
    /// 5xx persisted through every allowed retry.
    case server(status: Int, detail: String?, attempts: Int)
    /// No answer arrived, after every allowed retry.
    case network(message: String, attempts: Int)
    /// Any other error status, with Sentry's message (field errors rendered
    /// as `field: message` lines) and the body as text.
    case http(status: Int, detail: String?, body: String)
    /// 3xx: Sentry moved the resource (a renamed project slug). Redirects are
    /// never followed; `slug` is the new slug when the body names it.
    case redirected(status: Int, location: String?, slug: String?)
    /// A response that should hold JSON did not.
    case invalidResponse(String)
    /// The listing handed out a cursor it had handed out before.
    case paginationStalled(cursor: String, page: Int)

    /// The HTTP status behind the error, when there was a response.
    public var status: Int? {
        switch self {
        case .unauthorized: 401
        case .forbidden: 403
        case .notFound: 404
        case .rateLimited: 429
        case .server(let status, _, _), .http(let status, _, _), .redirected(let status, _, _):
            status
        case .network, .invalidResponse, .paginationStalled: nil
        }
    }

    /// Whether trying again later may succeed (rate limits, 5xx, network).
    public var isTransient: Bool {
        switch self {
        case .rateLimited, .server, .network: true
        default: false
        }
    }

    /// Sentry's own message, if it sent one.
    public var detail: String? {
        switch self {
        case .unauthorized(let detail), .forbidden(let detail, _), .notFound(_, let detail),
             .rateLimited(let detail, _), .server(_, let detail, _), .http(_, let detail, _):
            detail
        case .network, .redirected, .invalidResponse, .paginationStalled: nil
        }
    }

    public var description: String {
        switch self {
        case .unauthorized(let detail):
            return "Sentry rejected the auth token (401\(said(detail))). The token is invalid, "
                + "expired or revoked: create a new one at "
                + "https://sentry.io/settings/account/api/auth-tokens/ and pass it in "
                + "SENTRY_AUTH_TOKEN or --auth-token-file."
        case .forbidden(let detail, let scopes):
            let needs = scopes.isEmpty
                ? "" : " This call needs one of \(scopes.joined(separator: ", "))."
            return "Sentry refused the call (403\(said(detail))).\(needs) Use a token with "
                + "that scope, held by a member whose role allows it."
        case .notFound(let resource, let detail):
            return "Sentry has no \(resource) (404\(said(detail))), or the token cannot see "
                + "it. Check the slug, --org and --url (the organization's region host)."
        case .rateLimited(let detail, let reason):
            return "Sentry kept answering 429 Too Many Requests\(said(detail)): \(reason). "
                + "Try again later."
        case .server(let status, let detail, let attempts):
            return "Sentry answered \(status)\(said(detail)) \(times(attempts)). "
                + "Sentry may be having trouble; try again later."
        case .network(let message, let attempts):
            return "Could not reach Sentry \(times(attempts)): \(message). "
                + "Check the network and --url."
        case .http(let status, let detail, _):
            let message = detail ?? "no message"
            return "Sentry answered \(status): \(message)\(message.hasSuffix(".") ? "" : ".")"
        case .redirected(let status, let location, let slug):
            let target = slug.map { "the new slug is '\($0)'" }
                ?? location.map { "it now lives at \($0)" } ?? "no new location was given"
            return "Sentry moved this resource (\(status)); \(target). Address projects by "
                + "numeric id, or pull again to learn the new slug."
        case .invalidResponse(let reason):
            return "Sentry sent a response that could not be read: \(reason)."
        case .paginationStalled(let cursor, let page):
            return "Sentry's listing repeated the cursor '\(cursor)' after page \(page + 1), "
                + "so it would never end; stopped. Try again; if it persists, report it."
        }
    }

    private func said(_ detail: String?) -> String {
        detail.map { ": \($0)" } ?? ""
    }

    private func times(_ attempts: Int) -> String {
        attempts == 1 ? "once" : "on all \(attempts) attempts"
    }
}
