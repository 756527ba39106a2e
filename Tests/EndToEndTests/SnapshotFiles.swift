import Foundation

/// File-level helpers for the snapshot tests: whole-file states to compare,
/// gzip made by the system tool, and a manifest edited in place.
enum SnapshotFiles {
    /// The bytes of `database` and of any -wal, -shm or -journal beside it.
    static func state(of database: String) -> [String: Data] {
        var state: [String: Data] = [:]
        for suffix in ["", "-wal", "-shm", "-journal"] {
            if let data = FileManager.default.contents(atPath: database + suffix) {
                state[suffix] = data
            }
        }
        return state
    }

    static func bytes(_ path: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: path))
    }

    static func write(_ data: Data, to path: String) throws {
        try data.write(to: URL(fileURLWithPath: path))
    }

    /// Runs a system tool (`gzip`, `sqlite3`) and returns its exit status and output.
    static func tool(_ name: String, _ arguments: [String], timeout: Double = 60)
        throws -> (status: Int32, output: Data)
    {
        let output = FileManager.default.temporaryDirectory
            .appendingPathComponent("snapshot-tool-" + UUID().uuidString)
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: output) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [name] + arguments
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        if process.isRunning {
            process.terminate()
            throw E2EError("\(name) \(arguments) did not finish in \(timeout) s")
        }
        return (process.terminationStatus, try bytes(output.path))
    }

    /// The manifest JSON stored in the gzip header's FEXTRA subfield `SM`.
    static func manifest(ofSnapshot data: Data) throws -> [String: Any] {
        let (range, _) = try manifestRange(in: Array(data))
        let json = data.subdata(in: range)
        guard let object = try JSONSerialization.jsonObject(with: json) as? [String: Any] else {
            throw E2EError("the manifest is not a JSON object")
        }
        return object
    }

    /// The snapshot with its header manifest replaced by `edit(manifest)`; the
    /// compressed data and the gzip trailer stay as they were, so the stream is
    /// still valid gzip of the same database.
    static func editingManifest(
        of data: Data, _ edit: (inout [String: Any]) -> Void
    ) throws -> Data {
        var bytes = Array(data)
        let (range, xlenOffset) = try manifestRange(in: bytes)
        var manifest = try manifest(ofSnapshot: data)
        edit(&manifest)
        let json = Array(try JSONSerialization.data(withJSONObject: manifest, options: .sortedKeys))
        let growth = json.count - range.count
        let xlen = (Int(bytes[xlenOffset]) | Int(bytes[xlenOffset + 1]) << 8) + growth
        let subfieldLength = range.count + growth
        bytes[xlenOffset] = UInt8(xlen & 0xff)
        bytes[xlenOffset + 1] = UInt8(xlen >> 8)
        bytes[range.lowerBound - 2] = UInt8(subfieldLength & 0xff)
        bytes[range.lowerBound - 1] = UInt8(subfieldLength >> 8)
        bytes.replaceSubrange(range, with: json)
        return Data(bytes)
    }

    /// Where the `SM` subfield's data lies, and the offset of XLEN.
    private static func manifestRange(in bytes: [UInt8]) throws -> (Range<Int>, Int) {
        guard bytes.count > 12, bytes[0] == 0x1f, bytes[1] == 0x8b, bytes[3] & 0x04 != 0 else {
            throw E2EError("not a gzip file with an extra field")
        }
        let xlen = Int(bytes[10]) | Int(bytes[11]) << 8
        var offset = 12
        while offset + 4 <= 12 + xlen {
            let length = Int(bytes[offset + 2]) | Int(bytes[offset + 3]) << 8
            if bytes[offset] == UInt8(ascii: "S"), bytes[offset + 1] == UInt8(ascii: "M") {
                return (offset + 4..<offset + 4 + length, 10)
            }
            offset += 4 + length
        }
        throw E2EError("no SM subfield in the gzip header")
    }
}
