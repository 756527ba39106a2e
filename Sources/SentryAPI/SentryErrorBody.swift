import Foundation
import MirrorJSON

/// Reads the message out of an error response body, whatever its shape
/// (CONTRACT §3):
///
/// - `{"detail": "..."}` or `{"detail": {"code": ..., "message": ...}}`;
/// - a field map `{"email": ["The user x is already a member"]}`, whose
///   values may be lists, strings or nested maps; rendered as
///   `email: The user x is already a member`, one field per line;
/// - a bare JSON string (the API rate limit's 429) or array of strings;
/// - HTML or plain text from a proxy: its `<title>`, or its first line.
enum SentryErrorBody {
    /// The human-readable message in `body`, or `nil` when there is none.
    static func message(in body: Data) -> String? {
        guard !body.isEmpty else { return nil }
        if let value = try? JSONValue(parsing: body) {
            return message(in: value)
        }
        return textMessage(String(decoding: body, as: UTF8.self))
    }

    /// Text of `body` for ``SentryError/http(status:detail:body:)``,
    /// cut at `limit` characters.
    static func text(of body: Data, limit: Int = 2_000) -> String {
        let text = String(decoding: body.prefix(limit * 4), as: UTF8.self)
        return text.count > limit ? String(text.prefix(limit)) + "…" : text
    }

    /// The `slug` of a 302 body (`{"slug": "new", "detail": {...}}`).
    static func movedSlug(in body: Data) -> String? {
        guard let value = try? JSONValue(parsing: body) else { return nil }
        return value["slug"]?.stringValue ?? value["detail"]?["extra"]?["slug"]?.stringValue
    }

    static func message(in value: JSONValue) -> String? {
        switch value {
        case .string(let text):
            return text.isEmpty ? nil : text
        case .array(let elements):
            let parts = elements.compactMap(message(in:))
            return parts.isEmpty ? nil : parts.joined(separator: "; ")
        case .object(let members):
            return objectMessage(members)
        case .null, .bool, .number:
            return nil
        }
    }

    private static func objectMessage(_ members: [String: JSONValue]) -> String? {
        if let detail = members["detail"] {
            if let text = detail.stringValue { return text }
            if let text = detail["message"]?.stringValue {
                let code = detail["code"]?.stringValue
                return code.map { "\(text) (\($0))" } ?? text
            }
        }
        if let error = members["error"], let text = message(in: error) { return text }
        let lines = fieldLines(members, prefix: "")
        return lines.isEmpty ? nil : lines.joined(separator: "\n")
    }

    /// `field: message` lines, keys sorted; nested maps give `outer.inner:`.
    private static func fieldLines(_ members: [String: JSONValue], prefix: String) -> [String] {
        members.keys.sorted().flatMap { key -> [String] in
            let name = prefix + key
            guard let value = members[key] else { return [] }
            if case .object(let nested) = value {
                if let text = nested["message"]?.stringValue { return ["\(name): \(text)"] }
                return fieldLines(nested, prefix: name + ".")
            }
            guard let text = message(in: value) else { return [] }
            return name == "non_field_errors" || name == "detail" ? [text] : ["\(name): \(text)"]
        }
    }

    private static func textMessage(_ text: String) -> String? {
        if let start = text.range(of: "<title>", options: .caseInsensitive),
           let end = text.range(of: "</title>", options: .caseInsensitive,
                                range: start.upperBound..<text.endIndex) {
            let title = text[start.upperBound..<end.lowerBound]
                .trimmingCharacters(in: .whitespacesAndNewlines)
            if !title.isEmpty { return title }
        }
        let line = text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .first { !$0.isEmpty && !$0.hasPrefix("<") }
        return line.map { $0.count > 200 ? String($0.prefix(200)) + "…" : $0 }
    }
}
