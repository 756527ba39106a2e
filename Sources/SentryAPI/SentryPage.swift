import MirrorJSON

/// One page of a paginated listing.
public struct SentryPage: Sendable {
    /// The objects on the page, in Sentry's order.
    public var items: [JSONValue]
    /// The page's position in the listing, from 0.
    public var index: Int
    /// The response the page came in (for its `Date` header, say).
    public var response: SentryResponse
    /// HTTP requests the listing has sent up to and including this page,
    /// retries included.
    public var requestCount: Int
    /// Whether this is the listing's last page: it completed.
    public var isLast: Bool
}
