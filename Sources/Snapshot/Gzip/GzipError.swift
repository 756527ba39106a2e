import CZlib

/// What went wrong in a gzip stream, before the importer names the file and the fix.
enum GzipError: Error, Equatable {
    /// The first bytes are not a gzip header.
    case notGzip
    /// The stream ended before its trailer: a cut or partial copy.
    case truncated
    /// zlib rejected the data (bad block, CRC or length mismatch).
    case corrupt(String)
    /// Decompressing produced more bytes than the caller allowed.
    case exceedsLimit(Int64)
    /// Bytes follow the end of the gzip member.
    case trailingData
    /// A zlib call failed for a reason other than the data (memory, version).
    case zlib(call: String, code: Int32)
    /// Reading or writing the file failed.
    case system(SystemCallError)

    static func == (lhs: GzipError, rhs: GzipError) -> Bool {
        String(describing: lhs) == String(describing: rhs)
    }
}

extension GzipError: CustomStringConvertible {
    var description: String {
        switch self {
        case .notGzip: "not a gzip file"
        case .truncated: "the gzip stream ends early"
        case .corrupt(let message): "the gzip stream is corrupt (\(message))"
        case .exceedsLimit(let limit): "the data expands beyond \(limit) bytes"
        case .trailingData: "unexpected bytes after the end of the gzip stream"
        case .zlib(let call, let code): "\(call) failed with zlib code \(code)"
        case .system(let error): error.description
        }
    }
}

/// zlib's message for the last error on `stream`, or its code when it gave none.
func zlibMessage(_ stream: UnsafeMutablePointer<z_stream>, code: Int32) -> String {
    guard let message = stream.pointee.msg else { return "zlib code \(code)" }
    return String(cString: message)
}
