import Foundation

/// Sentry's `Link` header, which carries the pagination cursors
/// (CONTRACT §4.1):
///
/// ```
/// <https://sentry.io/api/0/organizations/acme/members/?&cursor=100:-1:1>;
///   rel="previous"; results="false"; cursor="100:-1:1",
/// <https://sentry.io/api/0/organizations/acme/members/?&cursor=100:1:0>;
///   rel="next"; results="true"; cursor="100:1:0"
/// ```
///
/// The parser is lenient: entries it cannot read are skipped. Pagination uses
/// only the cursor value, never the URL, whose host is whatever the server
/// believes its own name to be.
public struct LinkHeader: Sendable, Equatable {
    /// One `<URL>; key="value"...` entry.
    public struct Entry: Sendable, Equatable {
        /// The target between the angle brackets, as written.
        public var url: String
        /// The parameters, keys lowercased, values unquoted.
        public var parameters: [String: String]

        /// The relation, such as `next` or `previous`.
        public var rel: String? { parameters["rel"] }

        /// Whether a page lies in this direction (`results="true"`);
        /// `nil` when the parameter is absent.
        public var results: Bool? { parameters["results"].map { $0.lowercased() == "true" } }

        /// The cursor parameter, or failing that the `cursor` query item of the URL.
        public var cursor: String? {
            if let cursor = parameters["cursor"], !cursor.isEmpty { return cursor }
            return Self.queryValue(named: "cursor", in: url)
        }

        private static func queryValue(named name: String, in url: String) -> String? {
            guard let query = url.split(separator: "?", maxSplits: 1).dropFirst().first else {
                return nil
            }
            for item in query.split(separator: "&") {
                let pair = item.split(separator: "=", maxSplits: 1)
                if pair.count == 2, pair[0] == name, !pair[1].isEmpty {
                    return String(pair[1]).removingPercentEncoding ?? String(pair[1])
                }
            }
            return nil
        }
    }

    /// The entries in header order.
    public var entries: [Entry]

    /// Parses a `Link` header value; `nil` or empty text gives no entries.
    public init(parsing text: String?) {
        entries = text.map(Self.parseEntries) ?? []
    }

    /// The first entry whose `rel` is `rel`.
    public func entry(rel: String) -> Entry? {
        entries.first { $0.rel == rel }
    }

    /// The cursor of the next page, or `nil` when there is none: no `next`
    /// entry, `results="false"`, or no cursor.
    public var nextCursor: String? {
        guard let next = entry(rel: "next"), next.results != false else { return nil }
        return next.cursor
    }

    private static func parseEntries(_ text: String) -> [Entry] {
        var scanner = Substring(text)
        var entries: [Entry] = []
        while let open = scanner.firstIndex(of: "<") {
            guard let close = scanner[open...].firstIndex(of: ">") else { break }
            let url = String(scanner[scanner.index(after: open)..<close])
            scanner = scanner[scanner.index(after: close)...]
            let (parameters, rest) = parseParameters(scanner)
            entries.append(Entry(url: url, parameters: parameters))
            scanner = rest
        }
        return entries
    }

    /// Reads `; key="value"` pairs up to the comma that ends the entry,
    /// honouring quotes (a quoted value may hold `,` or `;`).
    private static func parseParameters(
        _ text: Substring
    ) -> (parameters: [String: String], rest: Substring) {
        var parameters: [String: String] = [:]
        var current = ""
        var inQuotes = false
        var index = text.startIndex

        func finish() {
            let pair = current.split(separator: "=", maxSplits: 1)
            let key = pair.first?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
            if !key.isEmpty {
                var value = pair.count > 1 ? pair[1].trimmingCharacters(in: .whitespaces) : ""
                if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                    value = String(value.dropFirst().dropLast())
                }
                if parameters[key] == nil { parameters[key] = value }
            }
            current = ""
        }

        while index < text.endIndex {
            let character = text[index]
            if character == "\"" {
                inQuotes.toggle()
                current.append(character)
            } else if !inQuotes, character == ";" {
                finish()
            } else if !inQuotes, character == "," {
                break
            } else {
                current.append(character)
            }
            index = text.index(after: index)
        }
        finish()
        let rest = index < text.endIndex ? text[text.index(after: index)...] : text[text.endIndex...]
        return (parameters, rest)
    }
}
