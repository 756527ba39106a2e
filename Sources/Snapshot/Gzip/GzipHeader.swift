/// The fixed part and the FEXTRA subfields of a gzip header (RFC 1952, section 2.3).
///
/// zlib parses the header again while inflating; this reading exists so that
/// the importer can look at the manifest before decompressing a single block.
struct GzipHeader {
    /// FEXTRA subfields by their two-byte identifier (SI1, SI2).
    var extraSubfields: [[UInt8]: [UInt8]] = [:]

    private static let flagExtra: UInt8 = 0x04

    /// Where the data of the first FEXTRA subfield starts in a file ``GzipWriter`` wrote:
    /// after the 10 fixed bytes, XLEN (2), and the subfield's SI1, SI2 and LEN (4).
    /// GzipWriter writes no FNAME or FCOMMENT, so nothing else comes first.
    static let extraFieldOffset = 16

    /// Parses the header at the start of `bytes`.
    ///
    /// - Returns: `nil` when `bytes` does not start with a complete gzip header
    ///   (wrong magic, a method other than deflate, or an extra field cut short).
    init?(parsing bytes: UnsafeRawBufferPointer) {
        guard bytes.count >= 10, bytes[0] == 0x1f, bytes[1] == 0x8b, bytes[2] == 8 else {
            return nil
        }
        guard bytes[3] & Self.flagExtra != 0 else { return }
        guard bytes.count >= 12 else { return nil }
        let extraLength = Int(bytes[10]) | Int(bytes[11]) << 8
        guard bytes.count >= 12 + extraLength else { return nil }

        // Subfields: SI1 SI2, a little-endian LEN, then LEN bytes.
        var offset = 12
        let end = 12 + extraLength
        while offset + 4 <= end {
            let identifier = [bytes[offset], bytes[offset + 1]]
            let length = Int(bytes[offset + 2]) | Int(bytes[offset + 3]) << 8
            let start = offset + 4
            guard start + length <= end else { return nil }
            extraSubfields[identifier] = Array(bytes[start..<start + length])
            offset = start + length
        }
    }

    /// Builds a whole FEXTRA payload holding one subfield.
    static func extraField(identifier: [UInt8], data: [UInt8]) -> [UInt8] {
        precondition(identifier.count == 2 && data.count <= 65_531, "subfield too large")
        return identifier + [UInt8(data.count & 0xff), UInt8(data.count >> 8)] + data
    }
}
