import Testing
@testable import MirrorStore

struct ReadOnlyQueryTests {
    @Test func aSelectAnswersWithColumnsAndTypedValues() throws {
        let mirror = try TemporaryMirror()
        try mirror.database.pullAll(
            org: "acme", .teams, [team("1", slug: "backend", memberCount: 3)], at: serverTime(0))

        let result = try mirror.database.readOnlyQuery(
            sql: "select slug, member_count, null as absent from teams;")

        #expect(result.columns == ["slug", "member_count", "absent"])
        #expect(result.rows == [[.text("backend"), .integer(3), .null]])
    }

    @Test(arguments: [
        "INSERT INTO teams (org, id, slug, name, json) VALUES ('a', '1', 's', 'n', '{}')",
        "UPDATE members SET role = 'owner'",
        "DELETE FROM journal",
        "DROP TABLE members",
        "CREATE TABLE extra (x)",
        "ATTACH DATABASE '/tmp/elsewhere.sqlite' AS other",
        "DETACH DATABASE main",
        "PRAGMA user_version = 7",
        "PRAGMA journal_mode = DELETE",
        "VACUUM",
        "SELECT 1; DELETE FROM journal",
        "REPLACE INTO clock VALUES ('a', 1, 'b')",
        "WITH x AS (SELECT 1) DELETE FROM journal",
    ])
    func aStatementThatWritesIsRefusedAndChangesNothing(sql: String) throws {
        let mirror = try TemporaryMirror()
        try mirror.database.pullAll(org: "acme", .teams, [team("1", slug: "backend")], at: serverTime(0))
        let version = try mirror.database.schemaVersion

        let error = #expect(throws: MirrorStoreError.self) {
            try mirror.database.readOnlyQuery(sql: sql)
        }

        #expect(error?.kind == .queryNotReadOnly || error?.kind == .sqlite)
        #expect(try mirror.database.journalSequence == 1)
        #expect(try mirror.count("SELECT count(*) FROM teams") == 1)
        #expect(try mirror.database.schemaVersion == version)
        let mode = try mirror.database.connection.firstRow("PRAGMA journal_mode") { $0.text(0) }
        #expect(mode == "wal")
    }

    @Test func pragmasThatOnlyReadAreAnswered() throws {
        let mirror = try TemporaryMirror()

        let result = try mirror.database.readOnlyQuery(sql: "PRAGMA table_info(members)")

        #expect(result.rows.contains { $0[1] == .text("email") })
    }

    @Test func theRefusalNamesTheStatementAndTheWriteCommands() throws {
        let mirror = try TemporaryMirror()

        let error = #expect(throws: MirrorStoreError.self) {
            try mirror.database.readOnlyQuery(sql: "delete from members where 1")
        }

        #expect(error?.description.hasPrefix("query is read-only: `delete from members`") == true)
        #expect(error?.description.contains("use the write commands") == true)
    }
}
