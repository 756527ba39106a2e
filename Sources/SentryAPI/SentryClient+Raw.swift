import MirrorJSON

extension SentryClient {
    /// Sends a request the user described, for the `api` command, with the
    /// same retries and errors as every other call.
    ///
    /// - Throws: ``RawPathError`` for a path outside `/api/0/` or on another
    ///   host; ``SentryError`` for error statuses.
    public func raw(
        method: HTTPMethod = .get,
        path: String,
        query: [(name: String, value: String)] = [],
        body: JSONValue? = nil
    ) async throws -> SentryResponse {
        let endpoint = try Endpoint.raw(
            method: method, path: path, query: query, body: body, configuration: configuration
        )
        return try await send(endpoint)
    }

    /// Reads every page of a listing the user described and joins the
    /// objects into one array (`api --paginate`).
    ///
    /// - Returns: the joined array and the last page's response (for
    ///   `--include`).
    public func rawPaginated(
        path: String,
        query: [(name: String, value: String)] = []
    ) async throws -> (items: JSONValue, lastResponse: SentryResponse?) {
        let endpoint = try Endpoint.raw(
            method: .get, path: path, query: query, configuration: configuration
        )
        var items: [JSONValue] = []
        var last: SentryResponse?
        for try await page in pages(endpoint) {
            items += page.items
            last = page.response
        }
        return (.array(items), last)
    }
}
