import Foundation
import SentryEmulator
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Issue 4 through the built binary: `export`, `import`, `api`, `changes` and
/// `pull`'s summary, against an emulator (a subprocess or in-process).
///
/// Serialized: each test starts several processes on a small machine.
@Suite(.serialized)
struct SnapshotAndFeedTests {
    /// Queries whose answers must be the same on a mirror and on its imported copy.
    static let comparedQueries = [
        "select count(*) as n from members",
        "select id, email, name, role, pending, expired from members order by id",
        "select id, slug, name, member_count from teams order by id",
        "select id, slug, name, platform from projects order by id",
        "select team_id, member_id, team_role from team_members order by team_id, member_id",
        "select project_id, team_id from project_teams order by project_id, team_id",
        "select seq, entity, entity_id, op from journal order by seq",
    ]

    // MARK: - Done when

    @Test func afterAPullExportImportAPIAndChangesDoWhatIssueFourPromises() throws {
        let emulator = try FeedEmulatorProcess(
            ["--members", "250", "--projects", "30", "--teams", "5"]
        )
        let folder = try TemporaryFolder()
        let original = folder.path("m.sqlite")
        let copy = folder.path("copy.sqlite")
        let snapshot = folder.path("snap.gz")
        let pull = try emulator.run(["pull"], database: original)
        try #require(pull.status == 0, "\(pull)")

        let export = try Binary.run(["--db", original, "export", snapshot])
        #expect(export.status == 0, "\(export)")
        #expect(try SnapshotFiles.tool("gzip", ["-t", snapshot]).status == 0)
        let imported = try Binary.run(["--db", copy, "import", snapshot])
        #expect(imported.status == 0, "\(imported)")

        for sql in Self.comparedQueries {
            let mine = try Binary.run(["--db", original, "query", "--json", sql])
            let theirs = try Binary.run(["--db", copy, "query", "--json", sql])
            #expect(mine.status == 0 && theirs.status == 0, "\(sql)\n\(mine)\n\(theirs)")
            #expect(mine.stdout.count > 10, "\(sql) answered nothing: \(mine)")
            #expect(mine.stdout == theirs.stdout, "\(sql) differs after import")
        }
        #expect(try count("select count(*) as n from members", in: copy) == 250)

        // A truncated copy is refused and the imported mirror stays as it was.
        let whole = try SnapshotFiles.bytes(snapshot)
        let truncated = folder.path("truncated.gz")
        try SnapshotFiles.write(whole.prefix(whole.count * 2 / 3), to: truncated)
        let before = SnapshotFiles.state(of: copy)
        let refused = try Binary.run(["--db", copy, "import", truncated])
        #expect(refused.status == 1, "\(refused)")
        #expect(refused.stderr.contains(truncated), "the message should name the file: \(refused)")
        #expect(refused.stderr.contains("Nothing was changed"), "\(refused)")
        #expect(SnapshotFiles.state(of: copy) == before, "the mirror changed")

        // `api --paginate` prints every member the mirror holds.
        let api = try emulator.run(
            ["api", "/organizations/{org}/members/", "--paginate"], database: original
        )
        #expect(api.status == 0, "\(api)")
        let listed = try #require(
            try JSONSerialization.jsonObject(with: Data(api.stdout.utf8)) as? [[String: Any]]
        )
        let mirrored = try rows("select id from members order by id", in: original)
            .compactMap { $0["id"] as? String }
        #expect(listed.count == mirrored.count && mirrored.count == 250)
        #expect(Set(listed.compactMap { $0["id"] as? String }) == Set(mirrored))

        // `changes --since 0` prints one line per journal row, in order.
        let changes = try Binary.run(["--db", original, "changes", "--since", "0"])
        #expect(changes.status == 0, "\(changes)")
        let sequence = try jsonLines(changes.stdout).map { ($0["seq"] as? NSNumber)?.intValue }
        let journalRows = try count("select count(*) as n from journal", in: original)
        #expect(journalRows > 250)
        #expect(sequence.count == journalRows)
        #expect(sequence.compactMap { $0 } == sequence.compactMap { $0 }.sorted())
        #expect(Set(sequence.compactMap { $0 }).count == journalRows, "seq must be unique")
        #expect(!api.stdout.contains(emulator.token) && !changes.stdout.contains(emulator.token))
    }

    // MARK: - Bad snapshots

    enum BadSnapshot: String, CaseIterable, CustomTestStringConvertible {
        case notGzip, gzipOfSomethingElse, schemaFromTheFuture, checksumMismatch
        var testDescription: String { rawValue }
    }

    @Test(arguments: BadSnapshot.allCases)
    func aBadSnapshotIsRefusedAndLeavesTheMirrorByteForByte(kind: BadSnapshot) throws {
        let setup = try PulledMirror(members: 60, projects: 6, teams: 3)
        let good = setup.folder.path("good.gz")
        let target = setup.folder.path("target.sqlite")
        try #require(try Binary.run(["--db", setup.databasePath, "export", good]).status == 0)
        try #require(try Binary.run(["--db", target, "import", good]).status == 0)
        let bad = setup.folder.path("bad.gz")
        switch kind {
        case .notGzip:
            try SnapshotFiles.write(Data("just some text, not gzip\n".utf8), to: bad)
        case .gzipOfSomethingElse:
            let text = setup.folder.path("notes.txt")
            try SnapshotFiles.write(Data(String(repeating: "hello\n", count: 500).utf8), to: text)
            let gzip = try SnapshotFiles.tool("gzip", ["-c", text])
            try #require(gzip.status == 0)
            try SnapshotFiles.write(gzip.output, to: bad)
        case .schemaFromTheFuture:
            let data = try SnapshotFiles.editingManifest(of: SnapshotFiles.bytes(good)) {
                $0["schemaVersion"] = (($0["schemaVersion"] as? Int) ?? 1) + 1
            }
            try SnapshotFiles.write(data, to: bad)
        case .checksumMismatch:
            let data = try SnapshotFiles.editingManifest(of: SnapshotFiles.bytes(good)) {
                $0["databaseSHA256"] = String(repeating: "ab", count: 32)
            }
            try SnapshotFiles.write(data, to: bad)
        }
        let before = SnapshotFiles.state(of: target)

        let result = try Binary.run(["--db", target, "import", bad])

        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.hasPrefix("Error: "), "\(result)")
        #expect(result.stderr.contains(bad), "the message should name the file: \(result)")
        if kind == .schemaFromTheFuture {
            #expect(result.stderr.lowercased().contains("newer"), "\(result)")
        }
        #expect(SnapshotFiles.state(of: target) == before, "the mirror changed")
        #expect(try count("select count(*) as n from members", in: target) == 60)
    }

    @Test func aFutureManifestEditedByTheTestStillImportsWhenLeftAsItWas() throws {
        // The editing helper must not itself break a snapshot, or the bad-input
        // tests above would pass for the wrong reason.
        let setup = try PulledMirror(members: 30, projects: 3, teams: 2)
        let good = setup.folder.path("good.gz")
        try #require(try Binary.run(["--db", setup.databasePath, "export", good]).status == 0)
        let same = setup.folder.path("same.gz")
        try SnapshotFiles.write(
            try SnapshotFiles.editingManifest(of: SnapshotFiles.bytes(good)) { _ in }, to: same
        )

        let result = try Binary.run(["--db", setup.folder.path("t.sqlite"), "import", same])

        #expect(result.status == 0, "\(result)")
        #expect(try SnapshotFiles.tool("gzip", ["-t", same]).status == 0)
    }

    @Test func importOverPendingMutationsNeedsForce() throws {
        let setup = try PulledMirror(members: 40, projects: 4, teams: 2)
        let snapshot = setup.folder.path("snap.gz")
        try #require(
            try Binary.run(["--db", setup.databasePath, "export", snapshot]).status == 0
        )
        let target = setup.folder.path("target.sqlite")
        try #require(try Binary.run(["--db", target, "import", snapshot]).status == 0)
        let add = try Binary.run(
            ["--db", target, "--org", "acme", "members", "add", "queued@example.com"]
        )
        try #require(add.status == 0, "\(add)")
        #expect(try count("select count(*) as n from outbox", in: target) == 1)
        let before = SnapshotFiles.state(of: target)

        let refused = try Binary.run(["--db", target, "import", snapshot])

        #expect(refused.status == 1, "\(refused)")
        #expect(refused.stderr.contains("--force"), "should say how to go on: \(refused)")
        #expect(SnapshotFiles.state(of: target) == before, "the mirror changed")

        let forced = try Binary.run(["--db", target, "import", snapshot, "--force"])

        #expect(forced.status == 0, "\(forced)")
        #expect(try count("select count(*) as n from outbox", in: target) == 0)
        #expect(try count(
            "select count(*) as n from members where email = 'queued@example.com'", in: target
        ) == 0)
    }

    @Test func aSnapshotWithoutPendingMutationsShowsNoneOfTheirEffects() throws {
        let setup = try PulledMirror(members: 40, projects: 4, teams: 2)
        let email = "left-out-\(UUID().uuidString.prefix(8))@example.com"
        let add = try Binary.run(
            ["--db", setup.databasePath, "--org", "acme", "members", "add", email]
        )
        try #require(add.status == 0, "\(add)")
        let plain = setup.folder.path("plain.gz")
        let pending = setup.folder.path("pending.gz")
        try #require(try Binary.run(["--db", setup.databasePath, "export", plain]).status == 0)
        try #require(
            try Binary.run(
                ["--db", setup.databasePath, "export", pending, "--include-pending"]
            ).status == 0
        )
        let withSQL = "select count(*) as n from members where email = '\(email)'"

        let plainCopy = setup.folder.path("plain.sqlite")
        let pendingCopy = setup.folder.path("pending.sqlite")
        #expect(try Binary.run(["--db", plainCopy, "import", plain]).status == 0)
        #expect(try Binary.run(["--db", pendingCopy, "import", pending]).status == 0)

        // Without --include-pending: no outbox and no invite only the outbox explains.
        #expect(try count("select count(*) as n from outbox", in: plainCopy) == 0)
        #expect(try count(withSQL, in: plainCopy) == 0, "a pending invite without its mutation")
        #expect(try count("select count(*) as n from members", in: plainCopy) == 40)
        // With it: both, as in the mirror.
        #expect(try count("select count(*) as n from outbox", in: pendingCopy) == 1)
        #expect(try count(withSQL, in: pendingCopy) == 1)
        // The mirror itself keeps its pending write.
        #expect(try count(withSQL, in: setup.databasePath) == 1)
        for snapshot in [plain, pending] {
            let bytes = try SnapshotFiles.bytes(snapshot)
            #expect(bytes.range(of: Data(setup.token.utf8)) == nil, "the token is in a snapshot")
        }
    }

    @Test func exportWithAnUnknownFormatIsAUsageErrorThatWritesNothing() throws {
        let setup = try PulledMirror(members: 20, projects: 2, teams: 2)
        let before = SnapshotFiles.state(of: setup.databasePath)
        let output = setup.folder.path("snap.xml.gz")

        let result = try Binary.run(
            ["--db", setup.databasePath, "export", output, "--format", "xml"]
        )

        #expect(result.status == 2, "\(result)")
        #expect(result.stderr.contains("xml"), "\(result)")
        #expect(!FileManager.default.fileExists(atPath: output))
        #expect(SnapshotFiles.state(of: setup.databasePath) == before)
    }

    @Test func anExportTakenWhileAPullWritesIsAConsistentPointInTime() throws {
        // Each request takes 300 ms, so the pull is still writing pages when
        // the export runs.
        let emulator = try FeedEmulatorProcess(
            ["--members", "600", "--projects", "3", "--teams", "3", "--latency-ms", "300"]
        )
        let folder = try TemporaryFolder()
        let database = folder.path("busy.sqlite")
        let pull = try Subprocess(
            arguments: emulator.options(database: database) + ["pull"],
            environment: emulator.environment
        )
        defer { pull.kill() }
        let started = pull.waitUntil(timeout: 30) {
            ((try? count("select count(*) as n from members", in: database)) ?? 0) > 0
                || pull.status >= 0
        }
        try #require(started && pull.status == -1, "the pull ended too soon: \(pull.stdout)")

        let snapshot = folder.path("busy.gz")
        let export = try Binary.run(["--db", database, "export", snapshot])
        let pullWasRunning = pull.status == -1
        #expect(export.status == 0, "\(export)")
        #expect(pull.waitForExit(timeout: 120) && pull.status == 0, "\(pull.stderr)")

        let copy = folder.path("copy.sqlite")
        let imported = try Binary.run(["--db", copy, "import", snapshot])
        #expect(imported.status == 0, "\(imported)")
        // Every member row came with its journal row in the same page transaction.
        let members = try count("select count(*) as n from members", in: copy)
        let journaled = try count(
            "select count(*) as n from journal where entity = 'members'", in: copy
        )
        #expect(members == journaled)
        #expect(members > 0 && members % 100 == 0, "whole pages only: \(members)")
        if pullWasRunning {
            #expect(members < 600, "the export should predate the end of the pull")
        }
        #expect(try count("select count(*) as n from members", in: database) == 600)
    }

    // MARK: - Helpers

    /// Rows of `sql` through `query --json`.
    func rows(_ sql: String, in database: String) throws -> [[String: Any]] {
        let result = try Binary.run(["--db", database, "query", "--json", sql])
        guard result.status == 0,
              let rows = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
                as? [[String: Any]]
        else { throw E2EError("query failed: \(result)") }
        return rows
    }

    /// The single number `sql` (`select count(*) as n ...`) answers.
    func count(_ sql: String, in database: String) throws -> Int {
        guard let value = try rows(sql, in: database).first?["n"] as? NSNumber else {
            throw E2EError("\(sql) gave no 'n'")
        }
        return value.intValue
    }

    /// Standard output parsed as one JSON object per line.
    func jsonLines(_ output: String) throws -> [[String: Any]] {
        try output.split(separator: "\n").map { line in
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
                as? [String: Any]
            else { throw E2EError("not a JSON object: \(line)") }
            return object
        }
    }
}
