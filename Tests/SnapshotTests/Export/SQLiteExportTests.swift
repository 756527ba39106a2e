import Foundation
import Testing
@testable import Snapshot

struct SQLiteExportTests {
    @Test func theManifestDescribesTheMirror() throws {
        let fixture = try SnapshotFixture()
        let mirror = try fixture.makeMirror(members: 40, projects: 9, teams: 3)

        let manifest = try SnapshotExporter.export(
            databasePath: mirror, to: fixture.path("snap.gz"))

        #expect(manifest.kind == "sentry-mirror-snapshot")
        #expect(manifest.format == .sqlite)
        #expect(manifest.organizations == ["acme"])
        #expect(manifest.rowCounts["members"] == 40)
        #expect(manifest.rowCounts["projects"] == 9)
        #expect(manifest.rowCounts["teams"] == 3)
        #expect(manifest.rowCounts["journal"] == 52)
        #expect(manifest.schemaVersion >= 1)
        #expect(manifest.databaseSHA256?.count == 64)
    }

    @Test func aDestinationInAMissingFolderNamesThatFolder() throws {
        let fixture = try SnapshotFixture()
        let mirror = try fixture.makeMirror(members: 2, projects: 1, teams: 1)
        let destination = fixture.path("no-such-folder/snap.gz")

        let error = #expect(throws: SnapshotError.self) {
            try SnapshotExporter.export(databasePath: mirror, to: destination)
        }

        #expect(error?.description.contains("no-such-folder does not exist") == true)
    }

    @Test(.enabled(if: systemTool("gzip") != nil, "needs the gzip command"))
    func gzipAcceptsTheSnapshotAndItUnpacksToTheCheckedDatabase() throws {
        let fixture = try SnapshotFixture()
        let mirror = try fixture.makeMirror()
        let snapshot = fixture.path("snap.gz")
        let manifest = try SnapshotExporter.export(databasePath: mirror, to: snapshot)
        let gzip = try #require(systemTool("gzip"))

        let (testStatus, _) = try fixture.run(gzip, ["-t", snapshot])
        let (unpackStatus, unpacked) = try fixture.run(gzip, ["-dc", snapshot])
        let database = try fixture.write(Array(unpacked), to: "unpacked.sqlite")

        #expect(testStatus == 0)
        #expect(unpackStatus == 0)
        #expect(Int64(unpacked.count) == manifest.databaseSize)
        #expect(SHA256.hexDigest(of: Array(unpacked)) == manifest.databaseSHA256)
        #expect(try fixture.rows("PRAGMA journal_mode", in: database) == ["delete"])
        for query in comparisonQueries {
            #expect(try fixture.rows(query, in: database) == fixture.rows(query, in: mirror))
        }
    }

    @Test(.enabled(if: systemTool("gzip") != nil && systemTool("sqlite3") != nil,
        "needs the gzip and sqlite3 commands"))
    func theSqlite3CommandOpensTheUnpackedSnapshot() throws {
        let fixture = try SnapshotFixture()
        let mirror = try fixture.makeMirror(members: 33)
        let snapshot = fixture.path("snap.gz")
        try SnapshotExporter.export(databasePath: mirror, to: snapshot)
        let (_, unpacked) = try fixture.run(try #require(systemTool("gzip")), ["-dc", snapshot])
        let database = try fixture.write(Array(unpacked), to: "unpacked.sqlite")

        let (status, output) = try fixture.run(
            try #require(systemTool("sqlite3")), [database, "SELECT count(*) FROM members"])

        #expect(status == 0)
        #expect(String(decoding: output, as: UTF8.self) == "33\n")
    }

    @Test func pendingMutationsAreLeftOutUnlessIncluded() throws {
        let fixture = try SnapshotFixture()
        let mirror = try fixture.makeMirror(pending: 2)

        let without = try SnapshotExporter.export(
            databasePath: mirror, to: fixture.path("without.gz"))
        let with = try SnapshotExporter.export(
            databasePath: mirror, to: fixture.path("with.gz"), includePending: true)
        let withoutBytes = try unpack(fixture.path("without.gz"))
        let withBytes = try unpack(fixture.path("with.gz"))

        #expect(without.rowCounts["outbox"] == 0)
        #expect(without.includesPending == false)
        #expect(with.rowCounts["outbox"] == 2)
        #expect(with.includesPending)
        // Not even in free pages: the copy is vacuumed after the delete. (Debian's SQLite is
        // built with SECURE_DELETE, which zeroes them anyway, so here this guards the delete.)
        #expect(!contains(withoutBytes, "secret-pending-"))
        #expect(contains(withBytes, "secret-pending-"))
    }

    @Test func noSnapshotHoldsAnythingThatLooksLikeAnAuthToken() throws {
        let fixture = try SnapshotFixture()
        let mirror = try fixture.makeMirror(pending: 1)
        try SnapshotExporter.export(
            databasePath: mirror, to: fixture.path("snap.gz"), includePending: true)
        try SnapshotExporter.export(
            databasePath: mirror, to: fixture.path("snap.ndjson.gz"), format: .ndjson,
            includePending: true)

        for name in ["snap.gz", "snap.ndjson.gz"] {
            let content = try unpack(fixture.path(name))
            #expect(content.count > 1_000)
            for marker in ["sntrys_", "sntryu_", "Bearer ", "auth_token", "SENTRY_AUTH_TOKEN"] {
                #expect(!contains(content, marker), "\(name) holds \(marker)")
            }
        }
    }

    @Test func theExportIsAConsistentCopyWhileTheMirrorIsOpen() throws {
        let fixture = try SnapshotFixture()
        let mirror = try fixture.makeMirror(members: 50)
        // A writer holding an open transaction, as a pull in the middle of a page would.
        let writer = try RawConnection(path: mirror, mode: .readWrite)
        try writer.execute("BEGIN IMMEDIATE")
        try writer.execute("DELETE FROM members WHERE id IN (SELECT id FROM members LIMIT 10)")

        let manifest = try SnapshotExporter.export(
            databasePath: mirror, to: fixture.path("snap.gz"))
        try writer.execute("ROLLBACK")
        try writer.close()

        #expect(manifest.rowCounts["members"] == 50)
    }

    @Test func exportingOverTheMirrorItselfIsRefused() throws {
        let fixture = try SnapshotFixture()
        let mirror = try fixture.makeMirror(members: 3)
        let before = try fixture.state(of: mirror)

        let error = #expect(throws: SnapshotError.self) {
            try SnapshotExporter.export(databasePath: mirror, to: mirror)
        }

        #expect(error?.description.contains("the mirror database itself") == true)
        let unchanged = try fixture.state(of: mirror) == before
        #expect(unchanged)
    }

    @Test func aFailedExportLeavesAnEarlierFileAndNoLitter() throws {
        let fixture = try SnapshotFixture()
        let earlier = try fixture.write(Array("an earlier snapshot".utf8), to: "snap.gz")
        let notAMirror = try fixture.write(Array(repeating: 0x41, count: 4_096), to: "junk")

        let error = #expect(throws: SnapshotError.self) {
            try SnapshotExporter.export(databasePath: notAMirror, to: earlier)
        }

        #expect(error?.code == .database)
        #expect(error?.description.contains(notAMirror) == true)
        let unchanged = try fixture.bytes(earlier) == Array("an earlier snapshot".utf8)
        #expect(unchanged)
        #expect(try fixture.listing() == ["junk", "snap.gz"])
    }
}

/// The uncompressed content of a gzip file, through our reader.
func unpack(_ path: String) throws -> [UInt8] {
    let reader = try GzipReader(input: try FileDescriptor.openForReading(path), limit: 1 << 32)
    var content: [UInt8] = []
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 1)
    defer { buffer.deallocate() }
    while true {
        let count = try reader.read(into: buffer)
        if count == 0 { return content }
        content.append(contentsOf: buffer[..<count])
    }
}

/// Whether `text` occurs in `bytes`.
func contains(_ bytes: [UInt8], _ text: String) -> Bool {
    let needle = Array(text.utf8)
    guard needle.count <= bytes.count else { return false }
    return bytes.withUnsafeBytes { haystack in
        var start = 0
        while start + needle.count <= haystack.count {
            guard let first = haystack[start...].firstIndex(of: needle[0]) else { return false }
            if first + needle.count > haystack.count { return false }
            if Array(haystack[first..<first + needle.count]) == needle { return true }
            start = first + 1
        }
        return false
    }
}
