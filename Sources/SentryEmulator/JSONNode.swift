import Foundation

/// A JSON value with object keys in insertion order, and a fast encoder.
///
/// The emulator renders every response through this type rather than
/// `JSONSerialization`, which boxes every value and was the bottleneck
/// (tens of milliseconds for a 100-member page). Keys keep the order in
/// which they are written, so output is deterministic.
enum JSONNode: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case string(String)
    case array([JSONNode])
    case object([(String, JSONNode)])

    static func == (lhs: JSONNode, rhs: JSONNode) -> Bool {
        lhs.encoded() == rhs.encoded()
    }

    /// Reads or replaces a key of an object (no-op on other values).
    subscript(key: String) -> JSONNode? {
        get {
            guard case .object(let pairs) = self else { return nil }
            return pairs.first { $0.0 == key }?.1
        }
        set {
            guard case .object(var pairs) = self else { return }
            if let index = pairs.firstIndex(where: { $0.0 == key }) {
                if let newValue { pairs[index].1 = newValue } else { pairs.remove(at: index) }
            } else if let newValue {
                pairs.append((key, newValue))
            }
            self = .object(pairs)
        }
    }

    /// UTF-8 JSON text, non-ASCII left as is and `/` unescaped, like DRF's renderer.
    func encoded() -> Data {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(4096)
        write(to: &bytes)
        return Data(bytes)
    }

    private func write(to bytes: inout [UInt8]) {
        switch self {
        case .null: bytes.append(contentsOf: "null".utf8)
        case .bool(let value): bytes.append(contentsOf: (value ? "true" : "false").utf8)
        case .int(let value): bytes.append(contentsOf: String(value).utf8)
        case .string(let value): Self.writeString(value, to: &bytes)
        case .array(let items):
            bytes.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                item.write(to: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let pairs):
            bytes.append(UInt8(ascii: "{"))
            for (index, pair) in pairs.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                Self.writeString(pair.0, to: &bytes)
                bytes.append(UInt8(ascii: ":"))
                pair.1.write(to: &bytes)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func writeString(_ value: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.makeContiguousUTF8()
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [92, 34])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [92, 92])
            case 0x0A: bytes.append(contentsOf: [92, UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [92, UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [92, UInt8(ascii: "t")])
            case 0..<0x20:
                bytes.append(contentsOf: "\\u00".utf8)
                bytes.append(hexDigits[Int(byte >> 4)])
                bytes.append(hexDigits[Int(byte & 0xF)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

/// Values that can stand in a ``JSONNode`` literal.
protocol JSONConvertible {
    var jsonNode: JSONNode { get }
}

extension JSONNode: JSONConvertible {
    var jsonNode: JSONNode { self }
}

extension String: JSONConvertible {
    var jsonNode: JSONNode { .string(self) }
}

extension Int: JSONConvertible {
    var jsonNode: JSONNode { .int(self) }
}

extension Bool: JSONConvertible {
    var jsonNode: JSONNode { .bool(self) }
}

extension Optional: JSONConvertible where Wrapped: JSONConvertible {
    var jsonNode: JSONNode { map(\.jsonNode) ?? .null }
}

extension Array: JSONConvertible where Element: JSONConvertible {
    var jsonNode: JSONNode { .array(map(\.jsonNode)) }
}

extension Dictionary: JSONConvertible where Key == String, Value: JSONConvertible {
    /// Sorted by key, so that output stays deterministic.
    var jsonNode: JSONNode { .object(sorted { $0.key < $1.key }.map { ($0.key, $0.value.jsonNode) }) }
}

extension JSONNode: ExpressibleByDictionaryLiteral {
    init(dictionaryLiteral elements: (String, any JSONConvertible)...) {
        self = .object(elements.map { ($0.0, $0.1.jsonNode) })
    }
}

extension JSONNode: ExpressibleByArrayLiteral {
    init(arrayLiteral elements: any JSONConvertible...) {
        self = .array(elements.map(\.jsonNode))
    }
}

extension JSONNode: ExpressibleByStringLiteral {
    init(stringLiteral value: String) {
        self = .string(value)
    }
}

extension JSONNode: ExpressibleByNilLiteral {
    init(nilLiteral: ()) {
        self = .null
    }
}
