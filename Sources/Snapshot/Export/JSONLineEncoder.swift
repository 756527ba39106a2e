import CSQLite
import Foundation

/// Builds the JSON text of one NDJSON line from SQLite rows, without Foundation's encoder.
///
/// Columns keep their SQLite storage class: integers and reals become
/// numbers, text becomes strings, NULL becomes null, blobs become base64
/// strings. Columns that hold JSON documents (``embeddedJSONColumns``) are
/// embedded as JSON values when their text parses, so consumers need not parse
/// twice. A line never contains a raw newline.
struct JSONLineEncoder {
    /// Columns whose text is itself JSON in the mirror's schema.
    static let embeddedJSONColumns: Set<String> = ["json", "changes", "payload", "result"]

    /// The line for one row: `{"entity":…,"row":{…}}` followed by a newline.
    static func line(entity: String, row: RawRow) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(1_024)
        output.append(contentsOf: Array(#"{"entity":"#.utf8))
        appendString(entity, to: &output)
        output.append(contentsOf: Array(#","row":{"#.utf8))
        for index in 0..<row.count {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            appendString(row.name(index), to: &output)
            output.append(UInt8(ascii: ":"))
            appendValue(row, index, to: &output)
        }
        output.append(contentsOf: Array("}}\n".utf8))
        return output
    }

    /// The first line: `{"entity":"snapshot_manifest","manifest":{…}}` and a newline.
    static func manifestLine(_ manifestJSON: [UInt8]) -> [UInt8] {
        Array(#"{"entity":"snapshot_manifest","manifest":"#.utf8) + manifestJSON
            + Array("}\n".utf8)
    }

    private static func appendValue(_ row: RawRow, _ index: Int, to output: inout [UInt8]) {
        switch row.type(index) {
        case SQLITE_INTEGER:
            output.append(contentsOf: Array(String(row.integer(index)).utf8))
        case SQLITE_FLOAT:
            let value = row.double(index)
            let text = value.isFinite ? String(value) : "null"
            output.append(contentsOf: Array(text.utf8))
        case SQLITE_NULL:
            output.append(contentsOf: Array("null".utf8))
        case SQLITE_BLOB:
            appendString(Data(row.bytes(index)).base64EncodedString(), to: &output)
        default:
            let bytes = row.bytes(index)
            if embeddedJSONColumns.contains(row.name(index)), isJSON(bytes) {
                // Raw newlines in valid JSON can only be whitespace between tokens.
                output.append(contentsOf: bytes.map { $0 == 0x0a || $0 == 0x0d ? 0x20 : $0 })
            } else {
                appendString(String(decoding: bytes, as: UTF8.self), to: &output)
            }
        }
    }

    private static func isJSON(_ bytes: [UInt8]) -> Bool {
        guard let first = bytes.first, first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
        else { return false }
        return (try? JSONSerialization.jsonObject(with: Data(bytes))) != nil
    }

    /// Appends `text` as a JSON string literal, escaping quotes, backslashes and controls.
    static func appendString(_ text: String, to output: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        output.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: [0x5c, 0x22])
            case UInt8(ascii: "\\"): output.append(contentsOf: [0x5c, 0x5c])
            case 0x0a: output.append(contentsOf: [0x5c, UInt8(ascii: "n")])
            case 0x0d: output.append(contentsOf: [0x5c, UInt8(ascii: "r")])
            case 0x09: output.append(contentsOf: [0x5c, UInt8(ascii: "t")])
            case 0..<0x20:
                output.append(contentsOf: Array("\\u00".utf8))
                output.append(hex[Int(byte >> 4)])
                output.append(hex[Int(byte & 0x0f)])
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
