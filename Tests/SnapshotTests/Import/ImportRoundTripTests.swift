import Foundation
import MirrorStore
import Testing
@testable import Snapshot

struct ImportRoundTripTests {
    @Test func anImportedSnapshotAnswersQueriesAsTheOriginalDoes() throws {
        let fixture = try SnapshotFixture()
        let mirror = try fixture.makeMirror()
        let snapshot = fixture.path("snap.gz")
        let exported = try SnapshotExporter.export(databasePath: mirror, to: snapshot)
        let copy = fixture.path("copy.sqlite")

        let imported = try SnapshotImporter.import(from: snapshot, databasePath: copy)

        #expect(imported == exported)
        for query in comparisonQueries {
            #expect(try fixture.rows(query, in: copy) == fixture.rows(query, in: mirror))
        }
        #expect(try fixture.listing() == ["copy.sqlite", "mirror.sqlite", "snap.gz"])
    }

    @Test func importReplacesAnExistingMirrorWithoutPendingMutations() throws {
        let fixture = try SnapshotFixture()
        let source = try fixture.makeMirror("source.sqlite", members: 70)
        let target = try fixture.makeMirror("target.sqlite", members: 5)
        let snapshot = fixture.path("snap.gz")
        try SnapshotExporter.export(databasePath: source, to: snapshot)

        try SnapshotImporter.import(from: snapshot, databasePath: target)

        #expect(try fixture.rows("SELECT count(*) FROM members", in: target) == ["70"])
        #expect(try fixture.listing() == ["snap.gz", "source.sqlite", "target.sqlite"])
        _ = try MirrorDatabase.open(path: target)
    }

    @Test func pendingMutationsBlockTheImportUnlessForced() throws {
        let fixture = try SnapshotFixture()
        let source = try fixture.makeMirror("source.sqlite", members: 70)
        let target = try fixture.makeMirror("target.sqlite", members: 5, pending: 2)
        let snapshot = fixture.path("snap.gz")
        try SnapshotExporter.export(databasePath: source, to: snapshot)
        let before = try fixture.state(of: target)

        let error = #expect(throws: SnapshotError.self) {
            try SnapshotImporter.import(from: snapshot, databasePath: target)
        }

        #expect(error?.code == .pendingMutations)
        #expect(error?.description.contains("--force") == true)
        let unchanged = try fixture.state(of: target) == before
        #expect(unchanged)

        try SnapshotImporter.import(from: snapshot, databasePath: target, force: true)

        #expect(try fixture.rows("SELECT count(*) FROM members", in: target) == ["70"])
        #expect(try fixture.rows("SELECT count(*) FROM outbox", in: target) == ["0"])
    }

    @Test func aSnapshotOfAnOlderSchemaIsMigratedOnImport() throws {
        let fixture = try SnapshotFixture()
        // Schema 0: a database from before the first migration (an empty SQLite file).
        let old = fixture.path("old.sqlite")
        try SQLiteConnection(path: old).execute("CREATE TEMP TABLE warm_up (x)")
        let snapshot = fixture.path("snap.gz")
        let manifest = try SnapshotExporter.export(databasePath: old, to: snapshot)
        let copy = fixture.path("copy.sqlite")

        try SnapshotImporter.import(from: snapshot, databasePath: copy)

        #expect(manifest.schemaVersion == 0)
        let latest = String(MirrorDatabase.latestSchemaVersion)
        #expect(try fixture.rows("PRAGMA user_version", in: copy) == [latest])
        #expect(try fixture.rows("SELECT count(*) FROM members", in: copy) == ["0"])
    }

    @Test func aSnapshotWhoseDatabaseIsNotAMirrorIsRefused() throws {
        let fixture = try SnapshotFixture()
        let mirror = try fixture.makeMirror(members: 12)
        // Tables but no schema version: some other program's database.
        let connection = try RawConnection(path: mirror, mode: .readWrite)
        try connection.execute("DROP TABLE schema_migrations; PRAGMA user_version = 0")
        try connection.close()
        let snapshot = fixture.path("snap.gz")
        try SnapshotExporter.export(databasePath: mirror, to: snapshot)
        let copy = fixture.path("copy.sqlite")

        let error = #expect(throws: SnapshotError.self) {
            try SnapshotImporter.import(from: snapshot, databasePath: copy)
        }

        #expect(error?.code == .damaged)
        #expect(!FileManager.default.fileExists(atPath: copy))
        #expect(try fixture.listing() == ["mirror.sqlite", "snap.gz"])
    }

    @Test func aDamagedMirrorIsReplacedOnlyWithForce() throws {
        let fixture = try SnapshotFixture()
        let source = try fixture.makeMirror("source.sqlite", members: 15)
        let snapshot = fixture.path("snap.gz")
        try SnapshotExporter.export(databasePath: source, to: snapshot)
        let target = try fixture.write(Array(repeating: 0x55, count: 8_192), to: "target.sqlite")

        let error = #expect(throws: SnapshotError.self) {
            try SnapshotImporter.import(from: snapshot, databasePath: target)
        }
        let unchanged = try fixture.bytes(target) == Array(repeating: 0x55, count: 8_192)
        try SnapshotImporter.import(from: snapshot, databasePath: target, force: true)

        #expect(error?.code == .database)
        #expect(error?.description.contains("--force") == true)
        #expect(unchanged)
        #expect(try fixture.rows("SELECT count(*) FROM members", in: target) == ["15"])
    }

    @Test func anotherProgramsDatabaseIsNeverReplaced() throws {
        let fixture = try SnapshotFixture()
        let source = try fixture.makeMirror("source.sqlite", members: 15)
        let snapshot = fixture.path("snap.gz")
        try SnapshotExporter.export(databasePath: source, to: snapshot)
        let target = fixture.path("notes.sqlite")
        try SQLiteConnection(path: target).execute("CREATE TABLE notes (body TEXT)")
        let before = try fixture.state(of: target)

        let error = #expect(throws: SnapshotError.self) {
            try SnapshotImporter.import(from: snapshot, databasePath: target, force: true)
        }

        #expect(error?.code == .database)
        #expect(error?.description.contains("another program") == true)
        let unchanged = try fixture.state(of: target) == before
        #expect(unchanged)
    }

    @Test func aMirrorOpenInAnotherProcessIsNotReplaced() throws {
        let fixture = try SnapshotFixture()
        let source = try fixture.makeMirror("source.sqlite", members: 70)
        let target = try fixture.makeMirror("target.sqlite", members: 5)
        let snapshot = fixture.path("snap.gz")
        try SnapshotExporter.export(databasePath: source, to: snapshot)
        // Another connection in WAL mode holds -wal and -shm open, as a running pull would.
        let other = try MirrorDatabase.open(path: target)
        try other.connection.execute("SELECT count(*) FROM members")
        let before = try fixture.state(of: target)

        let error = #expect(throws: SnapshotError.self) {
            try SnapshotImporter.import(from: snapshot, databasePath: target)
        }

        #expect(error?.code == .databaseInUse)
        let after = try fixture.state(of: target)
        let databaseUnchanged = after[""] == before[""]
        let walUnchanged = after["-wal"] == before["-wal"]
        #expect(databaseUnchanged)
        #expect(walUnchanged)
        #expect(try fixture.rows("SELECT count(*) FROM members", in: target) == ["5"])
        #expect(try fixture.listing().filter { $0.hasPrefix(".") }.isEmpty)
        _ = other
    }
}
