import Foundation
import Testing
@testable import Snapshot

struct GzipStreamTests {
    /// Some bytes that compress but not to nothing.
    let sample: [UInt8] = (0..<700_000).map { UInt8(truncatingIfNeeded: ($0 * 7919) >> 5) }

    @Test func whatTheWriterCompressesTheReaderGivesBack() throws {
        let fixture = try SnapshotFixture()
        let path = try fixture.writeGzip(sample, to: "sample.gz")

        let (content, _) = try readAll(path, limit: 1 << 30)

        #expect(content == sample)
        #expect(try fixture.bytes(path).count < sample.count)
    }

    @Test func theHeaderCarriesTheExtraFieldSubfield() throws {
        let fixture = try SnapshotFixture()
        let payload = Array(#"{"hello":"manifest"}"#.utf8)
        let extra = GzipHeader.extraField(identifier: Array("SM".utf8), data: payload)
        let path = try fixture.writeGzip(sample, to: "sample.gz", extraField: extra)

        let bytes = try fixture.bytes(path)
        let header = bytes.withUnsafeBytes { GzipHeader(parsing: $0) }

        #expect(header?.extraSubfields[Array("SM".utf8)] == payload)
        #expect(try readAll(path, limit: 1 << 30).0 == sample)
    }

    @Test(.enabled(if: systemTool("gzip") != nil, "needs the gzip command"))
    func theSystemGzipAcceptsAndUnpacksOurStream() throws {
        let fixture = try SnapshotFixture()
        let extra = GzipHeader.extraField(identifier: Array("SM".utf8), data: Array("{}".utf8))
        let path = try fixture.writeGzip(sample, to: "sample.gz", extraField: extra)
        let gzip = try #require(systemTool("gzip"))

        let (testStatus, _) = try fixture.run(gzip, ["-t", path])
        let (unpackStatus, unpacked) = try fixture.run(gzip, ["-dc", path])

        #expect(testStatus == 0)
        #expect(unpackStatus == 0)
        #expect(Array(unpacked) == sample)
    }

    @Test func aStreamCutShortIsReportedAsTruncated() throws {
        let fixture = try SnapshotFixture()
        let whole = try fixture.bytes(try fixture.writeGzip(sample, to: "sample.gz"))
        let cut = try fixture.write(Array(whole.prefix(whole.count * 2 / 3)), to: "cut.gz")

        #expect(throws: GzipError.truncated) { try readAll(cut, limit: 1 << 30) }
    }

    @Test func aStreamMissingOnlyItsTrailerIsReportedAsTruncated() throws {
        let fixture = try SnapshotFixture()
        let whole = try fixture.bytes(try fixture.writeGzip(sample, to: "sample.gz"))
        let cut = try fixture.write(Array(whole.dropLast(4)), to: "cut.gz")

        #expect(throws: GzipError.truncated) { try readAll(cut, limit: 1 << 30) }
    }

    @Test func aFlippedByteFailsTheCheck() throws {
        let fixture = try SnapshotFixture()
        var bytes = try fixture.bytes(try fixture.writeGzip(sample, to: "sample.gz"))
        bytes[bytes.count - 6] ^= 0xff  // inside the CRC-32 of the trailer
        let damaged = try fixture.write(bytes, to: "damaged.gz")

        let error = #expect(throws: GzipError.self) { try readAll(damaged, limit: 1 << 30) }

        guard case .corrupt = error else {
            Issue.record("expected corrupt, got \(String(describing: error))")
            return
        }
    }

    @Test func aFileThatIsNotGzipIsRefusedAtOnce() throws {
        let fixture = try SnapshotFixture()
        let path = try fixture.write(Array("SQLite format 3\0 and more".utf8), to: "plain")

        #expect(throws: GzipError.notGzip) { try readAll(path, limit: 1 << 30) }
    }

    @Test func bytesAfterTheTrailerAreRefused() throws {
        let fixture = try SnapshotFixture()
        let whole = try fixture.bytes(try fixture.writeGzip(sample, to: "sample.gz"))
        let path = try fixture.write(whole + whole, to: "two-members.gz")

        #expect(throws: GzipError.trailingData) { try readAll(path, limit: 1 << 30) }
    }

    @Test func aBombStopsOneBytePastTheLimit() throws {
        let fixture = try SnapshotFixture()
        let zeros = [UInt8](repeating: 0, count: 64 << 20)
        let path = try fixture.writeGzip(zeros, to: "bomb.gz", level: 9)
        let limit: Int64 = 1_000_000
        let reader = try makeReader(path, limit: limit)

        #expect(throws: GzipError.exceedsLimit(limit)) { try drain(reader, keep: false) }

        #expect(try fixture.bytes(path).count < 200_000)
        #expect(reader.bytesOut == limit + 1)
    }
}

private func makeReader(_ path: String, limit: Int64) throws(GzipError) -> GzipReader {
    let input: FileDescriptor
    do { input = try FileDescriptor.openForReading(path) } catch { throw .system(error) }
    return try GzipReader(input: input, limit: limit, bufferSize: 64 * 1024)
}

/// Reads a reader to its end through a small buffer, keeping the bytes if asked.
private func drain(_ reader: GzipReader, keep: Bool = true) throws(GzipError) -> [UInt8] {
    var content: [UInt8] = []
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 100_000, alignment: 1)
    defer { buffer.deallocate() }
    while true {
        let count = try reader.read(into: buffer)
        if count == 0 { return content }
        if keep { content.append(contentsOf: buffer[..<count]) }
    }
}

/// Reads a whole gzip file through ``GzipReader``.
@discardableResult
private func readAll(_ path: String, limit: Int64) throws(GzipError) -> ([UInt8], Int64) {
    let reader = try makeReader(path, limit: limit)
    return (try drain(reader), reader.bytesOut)
}
