import Foundation
import MirrorJSON

extension SentryClient {
    /// The pages of a listing, following the `Link` header's `rel="next"`
    /// while it says `results="true"`.
    ///
    /// Each request asks for ``SentryConfiguration/perPage`` objects (unless
    /// the endpoint sets `per_page` itself) and reuses only the cursor of the
    /// `Link` header, with this client's own base URL. The request for the
    /// next page goes out as soon as a page's `Link` header is known, before
    /// its body is decoded, and runs while the caller works on the page; at
    /// most one request is ahead, so memory stays at about two pages however
    /// long the listing.
    ///
    /// Iteration throws ``SentryError`` as ``send(_:acceptStatuses:)`` does,
    /// ``SentryError/paginationStalled(cursor:page:)`` when a cursor comes
    /// back a second time, and ``SentryError/invalidResponse(_:)`` for a body
    /// that is not a JSON array (or an object with a `rows` array, as the
    /// audit log sends). A listing that throws did not complete.
    public func pages(_ endpoint: Endpoint) -> SentryPageSequence {
        var first = endpoint
        if first.queryValue("per_page") == nil {
            first = first.setting("per_page", to: String(configuration.perPage))
        }
        return SentryPageSequence(client: self, endpoint: first)
    }
}

/// The pages of one listing; see ``SentryClient/pages(_:)``.
///
/// Each iterator walks the listing once, from the first page. Stopping early
/// (leaving the loop) cancels the request that was running ahead.
public struct SentryPageSequence: AsyncSequence, Sendable {
    public typealias Element = SentryPage

    let client: SentryClient
    let endpoint: Endpoint

    public func makeAsyncIterator() -> Iterator {
        Iterator(walk: PageWalk(client: client, endpoint: endpoint))
    }

    /// Reads pages one by one.
    public struct Iterator: AsyncIteratorProtocol {
        let walk: PageWalk

        public mutating func next() async throws -> SentryPage? {
            try await walk.next()
        }
    }
}

/// The state of one walk through a listing.
///
/// `@unchecked Sendable`: only the task that iterates touches it, one call of
/// `next()` at a time, as `AsyncIteratorProtocol` requires; the request task
/// running ahead never sees it.
final class PageWalk: @unchecked Sendable {
    private let client: SentryClient
    private let endpoint: Endpoint
    private var pending: Task<SentryResponse, any Error>?
    private var seenCursors: Set<String> = []
    private var index = 0
    private var requestCount = 0
    private var isFinished = false

    init(client: SentryClient, endpoint: Endpoint) {
        self.client = client
        self.endpoint = endpoint
    }

    deinit {
        pending?.cancel()
    }

    func next() async throws -> SentryPage? {
        guard !isFinished else { return nil }
        do {
            return try await nextPage()
        } catch {
            isFinished = true
            pending?.cancel()
            pending = nil
            throw error
        }
    }

    private func nextPage() async throws -> SentryPage {
        let task = pending ?? request(endpoint)
        pending = nil
        let response = try await withTaskCancellationHandler {
            try await task.value
        } onCancel: {
            task.cancel()
        }
        requestCount += response.attempts

        // Start the next request before decoding this page, so the two overlap.
        let cursor = LinkHeader(parsing: response.headers["Link"]).nextCursor
        if let cursor {
            guard seenCursors.insert(cursor).inserted else {
                throw SentryError.paginationStalled(cursor: cursor, page: index)
            }
            pending = request(endpoint.setting("cursor", to: cursor))
        } else {
            isFinished = true
        }

        let items = try Self.items(of: response, endpoint: endpoint)
        defer { index += 1 }
        return SentryPage(
            items: items, index: index, response: response,
            requestCount: requestCount, isLast: cursor == nil
        )
    }

    private func request(_ endpoint: Endpoint) -> Task<SentryResponse, any Error> {
        let client = client
        return Task { try await client.send(endpoint) }
    }

    /// The objects of a listing body: a JSON array, or the `rows` of an object.
    static func items(of response: SentryResponse, endpoint: Endpoint) throws -> [JSONValue] {
        switch try response.json() {
        case .array(let items):
            return items
        case .object(let members):
            if case .array(let rows)? = members["rows"] { return rows }
            fallthrough
        default:
            throw SentryError.invalidResponse(
                "\(endpoint.requestLine) should answer with a JSON array"
            )
        }
    }
}
