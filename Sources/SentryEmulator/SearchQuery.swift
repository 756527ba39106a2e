/// Sentry's `query` parameter: space-separated tokens, `key:value` filters
/// (values of one key are OR-ed, double quotes allowed), other words free text.
struct SearchQuery {
    /// Filter values by key; free text is under `"query"`, joined by spaces.
    var filters: [String: [String]] = [:]

    init(_ text: String?) {
        guard let text else { return }
        var freeText: [String] = []
        for token in Self.tokens(text) {
            if let colon = token.firstIndex(of: ":"), colon != token.startIndex {
                let key = String(token[..<colon])
                var value = String(token[token.index(after: colon)...])
                if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                    value = String(value.dropFirst().dropLast())
                }
                filters[key, default: []].append(value)
            } else {
                freeText.append(token)
            }
        }
        if !freeText.isEmpty {
            filters["query"] = [freeText.joined(separator: " ")]
        }
    }

    /// The keys other than those an endpoint understands (they empty the result).
    func unknownKeys(known: Set<String>) -> [String] {
        filters.keys.filter { !known.contains($0) && $0 != "query" }
    }

    private static func tokens(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        var quoted = false
        for character in text {
            if character == "\"" {
                quoted.toggle()
                current.append(character)
            } else if character.isWhitespace && !quoted {
                if !current.isEmpty { tokens.append(current) }
                current = ""
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }
}
