import CZlib

/// Decompresses a single-member gzip stream from a file descriptor, with a size limit.
///
/// The reader verifies what gzip itself promises: the header, every deflate
/// block, and the trailer's CRC-32 and length. It reads the input through a
/// fixed buffer and never hands out more than ``limit`` bytes: one byte past
/// the limit ends the read with ``GzipError/exceedsLimit(_:)``, so a small
/// file that expands without end (a compression bomb) costs almost nothing.
final class GzipReader {
    private let input: FileDescriptor
    private let stream: UnsafeMutablePointer<z_stream>
    private let buffer: UnsafeMutableRawBufferPointer
    private var bufferedCount = 0
    private var isStreamOpen = false
    private var isAtEnd = false

    /// The most uncompressed bytes this reader will produce; lower it once the size is known.
    var limit: Int64
    /// The uncompressed bytes produced so far.
    private(set) var bytesOut: Int64 = 0

    /// The first bytes of the file, as read before inflating began: room for the header.
    var leadingBytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: buffer[..<bufferedCount])
    }

    /// Opens a gzip stream on `input`, reading its first buffer so the header can be inspected.
    init(input: FileDescriptor, limit: Int64, bufferSize: Int = 256 * 1024) throws(GzipError) {
        self.input = input
        self.limit = limit
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        buffer = .allocate(byteCount: bufferSize, alignment: 16)

        // windowBits 15 + 16 accepts only the gzip wrapper, so a zlib or raw stream is refused.
        let code = czlib_inflate_init2(stream, 15 + 16)
        guard code == Z_OK else { throw .zlib(call: "inflateInit2", code: code) }
        isStreamOpen = true

        do {
            bufferedCount = try input.readFully(into: buffer)
        } catch {
            throw .system(error)
        }
        guard bufferedCount >= 2, buffer[0] == 0x1f, buffer[1] == 0x8b else { throw .notGzip }
        stream.pointee.next_in = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_in = uInt(bufferedCount)
    }

    // A class whose initializer throws after every stored property is set still runs
    // deinit, so this is the one place that frees what init allocated.
    deinit {
        if isStreamOpen { inflateEnd(stream) }
        stream.deinitialize(count: 1)
        stream.deallocate()
        buffer.deallocate()
    }

    /// Fills `destination` with uncompressed bytes; returns 0 once the stream ended cleanly.
    ///
    /// - Throws: ``GzipError/truncated`` when the file ends before the trailer,
    ///   ``GzipError/corrupt(_:)`` for bad data or a failed CRC, ``GzipError/trailingData``
    ///   when bytes follow the trailer, ``GzipError/exceedsLimit(_:)`` past ``limit``.
    func read(into destination: UnsafeMutableRawBufferPointer) throws(GzipError) -> Int {
        guard !isAtEnd, !destination.isEmpty else { return 0 }
        // Allow one byte beyond the limit so that exceeding it is observable.
        let room = min(Int64(destination.count), limit - bytesOut + 1)
        stream.pointee.next_out = destination.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = uInt(room)

        while stream.pointee.avail_out > 0 {
            if stream.pointee.avail_in == 0, try !refill() { throw .truncated }
            let code = inflate(stream, Z_NO_FLUSH)
            if code == Z_STREAM_END {
                try expectNothingAfterTrailer()
                isAtEnd = true
                break
            }
            switch code {
            case Z_OK, Z_BUF_ERROR: continue
            case Z_DATA_ERROR: throw classifyDataError(code)
            case Z_NEED_DICT: throw .corrupt("a preset dictionary is required")
            default: throw .zlib(call: "inflate", code: code)
            }
        }

        let produced = Int(room) - Int(stream.pointee.avail_out)
        bytesOut += Int64(produced)
        if bytesOut > limit { throw .exceedsLimit(limit) }
        return produced
    }

    /// Reads the next piece of input; returns false at the end of the file.
    private func refill() throws(GzipError) -> Bool {
        let count: Int
        do {
            count = try input.read(into: buffer)
        } catch {
            throw .system(error)
        }
        guard count > 0 else { return false }
        stream.pointee.next_in = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_in = uInt(count)
        return true
    }

    /// Refuses a second gzip member or garbage after the first one's trailer.
    private func expectNothingAfterTrailer() throws(GzipError) {
        if stream.pointee.avail_in > 0 { throw .trailingData }
        if try refill() { throw .trailingData }
    }

    /// A bad header before any output means the file was never gzip; later it is damage.
    private func classifyDataError(_ code: Int32) -> GzipError {
        let message = zlibMessage(stream, code: code)
        if bytesOut == 0 && stream.pointee.total_out == 0 && message.contains("header") {
            return .notGzip
        }
        return .corrupt(message)
    }
}
