import Foundation
import MirrorStore
import Testing
@testable import Snapshot

/// Each bad snapshot must give a clear error and leave the existing mirror as it was.
struct ImportBadInputTests {
    let fixture: SnapshotFixture
    let target: String
    let goodSnapshot: String
    let goodManifest: SnapshotManifest

    init() throws {
        fixture = try SnapshotFixture()
        target = try fixture.makeMirror("target.sqlite", members: 8)
        let source = try fixture.makeMirror("source.sqlite", members: 90)
        goodSnapshot = fixture.path("good.gz")
        goodManifest = try SnapshotExporter.export(databasePath: source, to: goodSnapshot)
    }

    /// Imports `snapshot` over the target and checks that nothing changed.
    private func importRefused(
        _ snapshot: String, sizeLimit: Int64 = SnapshotImporter.hardSizeLimit
    ) throws -> SnapshotError? {
        let before = try fixture.state(of: target)
        let listing = try fixture.listing()

        let error = #expect(throws: SnapshotError.self) {
            try SnapshotImporter.import(
                from: snapshot, databasePath: target, force: false, sizeLimit: sizeLimit)
        }

        let unchanged = try fixture.state(of: target) == before
        #expect(unchanged, "the mirror changed")
        #expect(try fixture.listing() == listing, "files were left behind")
        #expect(error?.description.contains(snapshot) == true)
        return error
    }

    /// A snapshot with `content` inside and `manifest` in its header.
    private func craft(
        _ name: String, content: [UInt8], manifest: SnapshotManifest, level: Int32 = 6
    ) throws -> String {
        try fixture.writeGzip(
            content, to: name, extraField: try manifest.gzipExtraField(), level: level)
    }

    @Test func aTruncatedSnapshotIsRefused() throws {
        let whole = try fixture.bytes(goodSnapshot)
        let cut = try fixture.write(Array(whole.prefix(whole.count / 2)), to: "cut.gz")

        let error = try importRefused(cut)

        #expect(error?.code == .truncated)
        #expect(error?.description.contains("damaged or not a sentry-mirror snapshot") == true)
    }

    @Test func aSnapshotCutInsideItsHeaderIsRefused() throws {
        let whole = try fixture.bytes(goodSnapshot)
        let cut = try fixture.write(Array(whole.prefix(11)), to: "cut.gz")

        #expect(try importRefused(cut)?.code == .truncated)
    }

    @Test func aFileThatIsNotGzipIsRefused() throws {
        let plain = try fixture.write(try fixture.bytes(target), to: "plain.sqlite")

        let error = try importRefused(plain)

        #expect(error?.code == .notGzip)
        #expect(error?.description.contains("not a gzip file") == true)
    }

    @Test func gzipOfSomethingElseIsRefused() throws {
        let other = try fixture.writeGzip(Array("just some text\n".utf8), to: "notes.txt.gz")

        let error = try importRefused(other)

        #expect(error?.code == .notASnapshot)
        #expect(error?.description.contains("without a sentry-mirror manifest") == true)
    }

    @Test func anHonestManifestAroundSomethingThatIsNotADatabaseIsRefused() throws {
        let junk = [UInt8](repeating: 0x2a, count: 50_000)
        var manifest = goodManifest
        manifest.databaseSize = Int64(junk.count)
        manifest.databaseSHA256 = SHA256.hexDigest(of: junk)
        let snapshot = try craft("junk.gz", content: junk, manifest: manifest)

        #expect(try importRefused(snapshot)?.code == .damaged)
    }

    @Test func aChecksumMismatchIsRefused() throws {
        let content = try unpack(goodSnapshot)
        var manifest = goodManifest
        manifest.databaseSHA256 = String(repeating: "0", count: 64)
        let snapshot = try craft("altered.gz", content: content, manifest: manifest)

        let error = try importRefused(snapshot)

        #expect(error?.code == .checksumMismatch)
        #expect(error?.description.contains("does not match its manifest") == true)
    }

    @Test func aDatabaseChangedAfterExportFailsTheChecksum() throws {
        var content = try unpack(goodSnapshot)
        content[content.count - 100] ^= 0x01
        let snapshot = try craft("altered.gz", content: content, manifest: goodManifest)

        #expect(try importRefused(snapshot)?.code == .checksumMismatch)
    }

    @Test func aSchemaFromTheFutureIsRefused() throws {
        var manifest = goodManifest
        manifest.schemaVersion = MirrorDatabase.latestSchemaVersion + 1
        let snapshot = try craft(
            "future.gz", content: try unpack(goodSnapshot), manifest: manifest)

        let error = try importRefused(snapshot)

        #expect(error?.code == .tooNew)
        #expect(error?.description.contains("upgrade sentry-mirror") == true)
    }

    @Test func aSnapshotFormatFromTheFutureIsRefused() throws {
        let json = """
            {"kind":"sentry-mirror-snapshot","formatVersion":99,"somethingNew":true}
            """
        let extra = GzipHeader.extraField(
            identifier: SnapshotManifest.extraSubfieldID, data: Array(json.utf8))
        let snapshot = try fixture.writeGzip(
            try unpack(goodSnapshot), to: "future.gz", extraField: extra)

        let error = try importRefused(snapshot)

        #expect(error?.code == .tooNew)
        #expect(error?.description.contains("upgrade sentry-mirror") == true)
    }

    @Test func aCompressionBombIsStoppedAtTheManifestSize() throws {
        var manifest = goodManifest
        manifest.databaseSize = 100_000
        let zeros = [UInt8](repeating: 0, count: 256 << 20)
        let bomb = try craft("bomb.gz", content: zeros, manifest: manifest, level: 9)

        let error = try importRefused(bomb)

        #expect(try fixture.bytes(bomb).count < 1_000_000)
        #expect(error?.code == .damaged)
        #expect(error?.description.contains("more than its manifest announces") == true)
    }

    @Test func aManifestAnnouncingMoreThanTheHardLimitIsRefused() throws {
        let error = try importRefused(goodSnapshot, sizeLimit: 1_000)

        #expect(error?.code == .damaged)
        #expect(error?.description.contains("beyond the limit") == true)
    }

    @Test func anNDJSONExportIsRefusedWithAHint() throws {
        let source = fixture.path("source.sqlite")
        let ndjson = fixture.path("snap.ndjson.gz")
        try SnapshotExporter.export(databasePath: source, to: ndjson, format: .ndjson)

        let error = try importRefused(ndjson)

        #expect(error?.code == .unsupportedFormat)
    }

    @Test func walFilesLeftBesideTheMirrorAreKeptWhenImportFails() throws {
        // A read-only reader (such as `query`) leaves an empty -wal and a -shm behind.
        let reader = try RawConnection(path: target, mode: .readOnly)
        _ = try reader.integer("SELECT count(*) FROM members")
        try reader.close()
        #expect(FileManager.default.fileExists(atPath: target + "-wal"))
        let whole = try fixture.bytes(goodSnapshot)
        let cut = try fixture.write(Array(whole.prefix(whole.count / 3)), to: "cut.gz")

        let error = try importRefused(cut)

        #expect(error?.code == .truncated)
        #expect(FileManager.default.fileExists(atPath: target + "-wal"))
        #expect(FileManager.default.fileExists(atPath: target + "-shm"))
    }

    @Test func aMissingSnapshotFileIsReported() throws {
        let error = try importRefused(fixture.path("nowhere.gz"))

        #expect(error?.code == .fileSystem)
    }
}
