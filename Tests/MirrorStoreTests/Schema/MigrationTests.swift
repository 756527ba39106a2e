import CSQLite
import Glibc
import Testing
@testable import MirrorStore

struct MigrationTests {
    @Test func aNewDatabaseIsMigratedToTheLatestVersionAndRecordsIt() throws {
        let mirror = try TemporaryMirror()

        let version = try mirror.database.schemaVersion
        let recorded = try mirror.column("SELECT version || ' ' || name FROM schema_migrations")

        #expect(version == MirrorDatabase.latestSchemaVersion)
        #expect(version == Migration.bundled.count)
        #expect(recorded.first == "1 0001_initial.sql")
        #expect(recorded.count == Migration.bundled.count)
    }

    @Test func openingTwiceAppliesNothingAgain() throws {
        let mirror = try TemporaryMirror()

        try mirror.reopen()
        try mirror.reopen()

        #expect(try mirror.count("SELECT count(*) FROM schema_migrations") == Migration.bundled.count)
    }

    @Test func migrationsApplyInNumberOrderEachInItsOwnTransaction() throws {
        let mirror = try TemporaryMirror()
        let connection = try SQLiteConnection(path: mirror.folder + "/other.sqlite")
        let migrations = Migration.ordered([
            (name: "0002_second.sql", sql: "INSERT INTO log VALUES ('second');"),
            (name: "0001_first.sql", sql: "CREATE TABLE log (step TEXT); INSERT INTO log VALUES ('first');"),
            (name: "0003_broken.sql", sql: "INSERT INTO log VALUES ('third'); INSERT INTO nowhere VALUES (1);"),
        ])

        #expect(migrations.map(\.version) == [1, 2, 3])
        #expect(throws: MirrorStoreError.self) {
            try Migrator(migrations: migrations).migrate(connection, at: "t")
        }

        let steps = try connection.rows("SELECT step FROM log ORDER BY rowid") { $0.text(0) }
        #expect(steps == ["first", "second"])  // the broken third rolled back whole
        #expect(try Migrator.userVersion(of: connection) == 2)
    }

    @Test func aDatabaseFromANewerBuildIsRefusedWithAnUpgradeHint() throws {
        let mirror = try TemporaryMirror()
        try mirror.database.connection.execute("PRAGMA user_version = 99")

        let error = #expect(throws: MirrorStoreError.self) { try mirror.reopen() }

        #expect(error?.kind == .schemaTooNew)
        let latest = MirrorDatabase.latestSchemaVersion
        #expect(error?.message.contains("schema 99, this build knows \(latest)") == true)
        #expect(error?.message.contains("upgrade sentry-mirror") == true)
    }

    @Test func aFileThatIsNotSQLiteIsRefusedAsNotAMirror() throws {
        let mirror = try TemporaryMirror()
        let path = mirror.folder + "/other.sqlite"
        let file = fopen(path, "w")
        fputs(String(repeating: "not a database at all\n", count: 100), file)
        fclose(file)

        let error = #expect(throws: MirrorStoreError.self) {
            try MirrorDatabase.open(path: path)
        }

        #expect(error?.kind == .notAMirror)
        #expect(error?.message.contains("is not a sentry-mirror database") == true)
    }

    @Test func anSQLiteFileOfAnotherProgramIsRefused() throws {
        let mirror = try TemporaryMirror()
        let path = mirror.folder + "/other.sqlite"
        try SQLiteConnection(path: path).execute("CREATE TABLE notes (text TEXT)")

        let error = #expect(throws: MirrorStoreError.self) {
            try MirrorDatabase.open(path: path)
        }

        #expect(error?.kind == .notAMirror)
    }

    @Test func readOnlyOpeningReadsButNeverMigrates() throws {
        let mirror = try TemporaryMirror()
        let emptyPath = mirror.folder + "/other.sqlite"
        try SQLiteConnection(path: emptyPath).execute("PRAGMA user_version = 0")

        let reader = try MirrorDatabase.openReadOnly(path: mirror.path)
        let error = #expect(throws: MirrorStoreError.self) {
            try MirrorDatabase.openReadOnly(path: emptyPath)
        }

        #expect(try reader.schemaVersion == MirrorDatabase.latestSchemaVersion)
        #expect(error?.kind == .schemaTooOld)
    }

    @Test func theDatabaseRunsInWriteAheadLogMode() throws {
        let mirror = try TemporaryMirror()

        let mode = try mirror.database.connection.firstRow("PRAGMA journal_mode") { $0.text(0) }

        #expect(mode == "wal")
    }
}
