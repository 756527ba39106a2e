import CZlib

/// Compresses bytes into a standard single-member gzip stream on a file descriptor.
///
/// Input is deflated as it arrives through a fixed output buffer, so memory
/// stays bounded by the buffer size whatever the size of the data. An optional
/// FEXTRA field (RFC 1952, section 2.3.1.1) is written into the header; `gunzip`
/// skips it, and the snapshot importer reads its manifest from there.
final class GzipWriter {
    private let output: FileDescriptor
    private let stream: UnsafeMutablePointer<z_stream>
    private let header: UnsafeMutablePointer<gz_header>
    private let extra: UnsafeMutableBufferPointer<UInt8>
    private let buffer: UnsafeMutableRawBufferPointer
    private var isFinished = false
    private var isStreamOpen = false

    /// The number of uncompressed bytes written so far.
    private(set) var bytesIn: Int64 = 0
    /// The number of compressed bytes written to the descriptor so far.
    private(set) var bytesOut: Int64 = 0

    /// Starts a gzip stream on `output`.
    ///
    /// - Parameters:
    ///   - level: deflate level, 1 (fast) to 9 (small); 6 is gzip's default.
    ///   - extraField: the whole FEXTRA payload (subfields included), at most 65,535 bytes.
    ///   - modificationTime: seconds since 1970 for the header's MTIME.
    init(
        output: FileDescriptor,
        level: Int32 = 6,
        extraField: [UInt8] = [],
        modificationTime: UInt32 = 0,
        bufferSize: Int = 256 * 1024
    ) throws(GzipError) {
        precondition(extraField.count <= 65_535, "FEXTRA holds at most 65,535 bytes")
        self.output = output
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        header = .allocate(capacity: 1)
        header.initialize(to: gz_header())
        extra = .allocate(capacity: max(extraField.count, 1))
        _ = extra.initialize(from: extraField)
        buffer = .allocate(byteCount: bufferSize, alignment: 16)

        // windowBits 15 + 16 asks zlib for a gzip wrapper instead of a zlib one.
        let code = czlib_deflate_init2(stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY)
        guard code == Z_OK else { throw .zlib(call: "deflateInit2", code: code) }
        isStreamOpen = true

        // zlib keeps pointers to the header and its extra field until the header is written.
        header.pointee.os = 3  // Unix
        header.pointee.time = uLong(modificationTime)
        if !extraField.isEmpty {
            header.pointee.extra = extra.baseAddress
            header.pointee.extra_len = uInt(extraField.count)
        }
        let headerCode = deflateSetHeader(stream, header)
        guard headerCode == Z_OK else { throw .zlib(call: "deflateSetHeader", code: headerCode) }
    }

    // A class whose initializer throws after every stored property is set still runs
    // deinit, so this is the one place that frees what init allocated.
    deinit {
        if isStreamOpen { deflateEnd(stream) }
        stream.deinitialize(count: 1)
        stream.deallocate()
        header.deinitialize(count: 1)
        header.deallocate()
        extra.deallocate()
        buffer.deallocate()
    }

    /// Compresses `bytes` and writes whatever output zlib has ready.
    func write(_ bytes: UnsafeRawBufferPointer) throws(GzipError) {
        precondition(!isFinished, "write after finish")
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        // zlib's next_in is not const in its C declaration, but deflate only reads through it.
        stream.pointee.next_in = UnsafeMutablePointer(
            mutating: base.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(bytes.count)
        bytesIn += Int64(bytes.count)
        while stream.pointee.avail_in > 0 {
            try deflateStep(flush: Z_NO_FLUSH)
        }
    }

    /// Compresses the bytes of `array`.
    func write(_ array: [UInt8]) throws(GzipError) {
        // withUnsafeBytes only rethrows untyped errors, so the error is carried out by hand.
        var failure: GzipError?
        array.withUnsafeBytes { bytes in
            do throws(GzipError) { try write(bytes) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Flushes the last block and the trailer (CRC-32 and length).
    func finish() throws(GzipError) {
        precondition(!isFinished, "finish called twice")
        stream.pointee.next_in = nil
        stream.pointee.avail_in = 0
        while try deflateStep(flush: Z_FINISH) != Z_STREAM_END {}
        isFinished = true
    }

    /// Runs deflate once into the output buffer and writes what it produced.
    @discardableResult
    private func deflateStep(flush: Int32) throws(GzipError) -> Int32 {
        stream.pointee.next_out = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = uInt(buffer.count)
        let code = deflate(stream, flush)
        guard code == Z_OK || code == Z_STREAM_END || code == Z_BUF_ERROR else {
            throw .zlib(call: "deflate", code: code)
        }
        let produced = buffer.count - Int(stream.pointee.avail_out)
        if produced > 0 {
            do {
                try output.write(UnsafeRawBufferPointer(rebasing: buffer[..<produced]))
            } catch {
                throw .system(error)
            }
            bytesOut += Int64(produced)
        }
        return code
    }
}
