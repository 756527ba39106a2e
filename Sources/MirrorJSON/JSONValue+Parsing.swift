import FoundationEssentials

extension JSONValue {
    /// Parses JSON text.
    ///
    /// - Throws: `DecodingError` when `text` is not JSON.
    public init(parsing text: String) throws {
        self = try JSONParser.parse(Array(text.utf8))
    }

    /// Parses JSON bytes.
    ///
    /// - Throws: `DecodingError` when `data` is not JSON.
    public init(parsing data: Data) throws {
        self = try JSONParser.parse(data)
    }
}
