/// Sentry's cursor pagination (CONTRACT.md §4): parameters, cursors and the
/// `Link` header.
struct Pagination {
    /// A cursor `value:offset:is_prev`.
    struct Cursor: Equatable {
        var value: Int64
        var offset: Int
        var isPrevious: Bool

        var text: String { "\(value):\(offset):\(isPrevious ? 1 : 0)" }

        /// Parses a cursor; `value` may be a float as in Sentry, truncated here.
        init?(_ text: String) {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 3 else { return nil }
            if let integer = Int64(parts[0]) {
                value = integer
            } else if parts[0].contains("."), let real = Double(parts[0]) {
                value = Int64(real)
            } else {
                return nil
            }
            guard let offset = Int(parts[1]), let flag = Int(parts[2]) else { return nil }
            self.offset = offset
            self.isPrevious = flag != 0
        }

        init(value: Int64, offset: Int, isPrevious: Bool) {
            self.value = value
            self.offset = offset
            self.isPrevious = isPrevious
        }
    }

    let perPage: Int
    let cursor: Cursor?

    /// Reads `per_page` and `cursor`, or the exact 400 Sentry answers.
    static func parse(_ request: EmulatorRequest) -> Result<Pagination, PaginationError> {
        var perPage = 100
        if let text = request.parameter("per_page") {
            guard let value = Int(text) else {
                return .failure(PaginationError("Invalid per_page parameter."))
            }
            guard (1...100).contains(value) else {
                return .failure(PaginationError("Invalid per_page value. Must be between 1 and 100."))
            }
            perPage = value
        }
        var cursor: Cursor?
        if let text = request.parameter("cursor"), !text.isEmpty {
            guard let parsed = Cursor(text) else {
                return .failure(PaginationError("Invalid cursor parameter."))
            }
            cursor = parsed
        }
        return .success(Pagination(perPage: perPage, cursor: cursor))
    }

    /// OffsetPaginator: the rows of one page and the Link header entries.
    func offsetPage<T>(_ rows: [T]) -> Result<(rows: [T], previous: Link, next: Link),
                                              PaginationError> {
        let limit = cursor.map { Int($0.value) } ?? perPage
        let page = cursor?.offset ?? 0
        guard page >= 0, limit >= 1 else {
            return .failure(PaginationError("Pagination offset cannot be negative"))
        }
        let start = min(page * limit, rows.count)
        let end = min(start + limit, rows.count)
        let previous = Link(rel: "previous", hasResults: page > 0,
                            cursor: Cursor(value: Int64(limit), offset: page - 1, isPrevious: true))
        let next = Link(rel: "next", hasResults: rows.count > page * limit + limit,
                        cursor: Cursor(value: Int64(limit), offset: page + 1, isPrevious: false))
        return .success((Array(rows[start..<end]), previous, next))
    }

    /// One entry of a `Link` header.
    struct Link {
        var rel: String
        var hasResults: Bool
        var cursor: Cursor
    }

    /// The byte-exact `Link` header: `<URL?query&cursor=C>; rel="…"; results="…"; cursor="C"`,
    /// previous first, with the request's query minus any `cursor`.
    static func linkHeader(baseURL: String, request: EmulatorRequest,
                           previous: Link, next: Link) -> String {
        let kept = request.query.filter { $0.name != "cursor" }
        let url = baseURL + request.path + "?" + EmulatorRequest.formEncode(kept)
        return [previous, next].map { link in
            "<\(url)&cursor=\(link.cursor.text)>; rel=\"\(link.rel)\"; "
                + "results=\"\(link.hasResults ? "true" : "false")\"; cursor=\"\(link.cursor.text)\""
        }.joined(separator: ", ")
    }
}

/// A pagination parameter Sentry would refuse with 400 `{"detail": message}`.
struct PaginationError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
