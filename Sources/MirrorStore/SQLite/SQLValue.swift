/// One value of an SQLite result or argument, as SQLite stores it.
public enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    /// The text payload, or `nil` for other storage classes.
    public var textValue: String? {
        guard case .text(let value) = self else { return nil }
        return value
    }

    /// The integer payload, or `nil` for other storage classes.
    public var integerValue: Int64? {
        guard case .integer(let value) = self else { return nil }
        return value
    }
}

extension SQLValue: CustomStringConvertible {
    /// The value as a person reads it in a table: `NULL`, digits, or the text itself.
    public var description: String {
        switch self {
        case .null: "NULL"
        case .integer(let value): String(value)
        case .real(let value): String(value)
        case .text(let value): value
        case .blob(let bytes): "x'" + bytes.map { hexByte($0) }.joined() + "'"
        }
    }
}

private func hexByte(_ byte: UInt8) -> String {
    let digits = Array("0123456789abcdef")
    return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
}
