import Foundation

/// One HTTP request as the router sees it, independent of libmicrohttpd.
struct EmulatorRequest: Sendable {
    var method: String
    /// The percent-decoded path, e.g. `/api/0/organizations/acme/members/`.
    var path: String
    /// The raw query string without the `?` (empty when there is none).
    var rawQuery: String
    /// Decoded query parameters in request order.
    var query: [(name: String, value: String)]
    var authorization: String?
    var body: Data

    init(method: String, target: String, authorization: String? = nil, body: Data = Data()) {
        self.method = method
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        self.path = Self.percentDecode(String(parts[0]), plusIsSpace: false)
        self.rawQuery = parts.count > 1 ? String(parts[1]) : ""
        self.query = Self.parseQuery(rawQuery)
        self.authorization = authorization
        self.body = body
    }

    /// The first value of a query parameter.
    func parameter(_ name: String) -> String? {
        query.first { $0.name == name }?.value
    }

    /// The body as a JSON object, or nil when it is empty or not an object.
    func jsonBody() -> [String: Any]? {
        guard !body.isEmpty else { return [:] }
        return (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
    }

    static func parseQuery(_ raw: String) -> [(name: String, value: String)] {
        raw.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = percentDecode(String(parts[0]), plusIsSpace: true)
            let value = parts.count > 1 ? percentDecode(String(parts[1]), plusIsSpace: true) : ""
            return (name, value)
        }
    }

    static func percentDecode(_ text: String, plusIsSpace: Bool) -> String {
        let spaced = plusIsSpace ? text.replacingOccurrences(of: "+", with: " ") : text
        return spaced.removingPercentEncoding ?? spaced
    }

    /// Form-encodes like Django's `QueryDict.urlencode()` (space as `+`).
    static func formEncode(_ items: [(name: String, value: String)]) -> String {
        var allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyz")
        allowed.insert(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-~ ")
        func encode(_ text: String) -> String {
            (text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text)
                .replacingOccurrences(of: " ", with: "+")
        }
        return items.map { "\(encode($0.name))=\(encode($0.value))" }.joined(separator: "&")
    }
}

/// One HTTP response, or an instruction to drop the connection.
struct EmulatorResponse: Sendable {
    var status: Int
    var headers: [(name: String, value: String)] = []
    var body: Data = Data()
    /// Close the connection without answering (fault injection).
    var dropConnection = false

    static func json(_ status: Int, _ node: JSONNode) -> EmulatorResponse {
        EmulatorResponse(
            status: status,
            headers: [("Content-Type", "application/json")],
            body: node.encoded()
        )
    }

    static func detail(_ status: Int, _ message: String) -> EmulatorResponse {
        json(status, ["detail": message])
    }

    static let notFound = detail(404, "The requested resource does not exist")
    static let forbidden = detail(403, "You do not have permission to perform this action.")
    static let noContent = EmulatorResponse(status: 204)
    static let dropped = EmulatorResponse(status: 0, dropConnection: true)

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    mutating func setHeader(_ name: String, _ value: String) {
        headers.removeAll { $0.name.lowercased() == name.lowercased() }
        headers.append((name, value))
    }
}
