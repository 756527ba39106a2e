import Foundation
import MirrorStore
import SentryEmulator
import Testing

/// `pull`, `query` and `changes` of the built binary against an emulator.
struct PullCommandTests {
    @Test func theEmulatorCommandServesAnOrganizationThatPullMirrorsInFull() throws {
        let folder = try TemporaryFolder()
        let token = "T-" + UUID().uuidString
        let emulator = try Subprocess(
            arguments: ["emulator", "--org", "acme", "--members", "250", "--projects", "30",
                        "--teams", "5", "--token", token],
            environment: Binary.environment()
        )
        defer { emulator.kill() }
        var url: String?
        let listening = emulator.waitUntil(timeout: 30) {
            url = Self.listeningURL(in: emulator.stdout)
            return url != nil || emulator.status >= 0
        }
        let base = try #require(
            url, "no 'listening on' line (\(listening)): \(emulator.stdout)\(emulator.stderr)"
        )
        #expect(base.hasPrefix("http://127.0.0.1:"))
        let environment = Binary.environment(["SENTRY_AUTH_TOKEN": token])
        let database = folder.path("m.sqlite")

        let pull = try Binary.run(
            ["--db", database, "--url", base, "--org", "acme", "pull"], environment: environment
        )
        let count = try Binary.run(
            ["--db", database, "query", "select count(*) from members"], environment: environment
        )

        #expect(pull.status == 0, "\(pull)")
        #expect(pull.stdout.contains("acme:"), "\(pull)")
        #expect(count.status == 0, "\(count)")
        #expect(count.stdout.split(whereSeparator: \.isWhitespace).contains("250"), "\(count)")
        #expect(!count.stdout.contains("251") && !count.stdout.contains("249"))
        let projects = try Binary.run(
            ["--db", database, "query", "--json", "select count(*) as n from projects"],
            environment: environment
        )
        #expect(projects.stdout.contains("\"n\":30") || projects.stdout.contains("\"n\": 30"),
                "\(projects)")

        emulator.kill()
        #expect(emulator.status >= 0, "the emulator should have stopped")
    }

    @Test func changesSincePrintsOneJSONLinePerJournalRowAfterIt() throws {
        let setup = try PulledMirror(members: 120, projects: 8, teams: 3)
        let head = try setup.journalHead()
        let member = try #require(
            try setup.database().members(org: "acme").map(\.record).first { !$0.pending }
        )
        try setup.server.state.apply(.renameMember(id: Int(member.id)!, name: "Rúben Changed"))
        try setup.server.state.apply(.addProject(slug: "fresh-one", platform: "go", teams: []))
        try setup.pull()
        let expected = try setup.database().changes(since: head)
        #expect(expected.count == 2)

        let all = try Binary.run(["--db", setup.databasePath, "changes"])
        let since = try Binary.run(["--db", setup.databasePath, "changes", "--since", "\(head)"])

        #expect(since.status == 0, "\(since)")
        let lines = since.stdout.split(separator: "\n")
        #expect(lines.count == expected.count, "\(since)")
        let objects = try lines.map { line in
            try #require(
                try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            )
        }
        #expect(objects.map { ($0["seq"] as? NSNumber)?.intValue } == expected.map(\.seq))
        #expect(objects.map { $0["id"] as? String } == expected.map(\.entityID))
        #expect(objects.map { $0["op"] as? String } == expected.map(\.operation.rawValue))
        #expect(objects.map { $0["entity"] as? String } == ["members", "projects"])
        #expect(all.stdout.split(separator: "\n").count == expected.last?.seq ?? -1)
    }

    /// The URL of a `listening on http://127.0.0.1:PORT` line.
    static func listeningURL(in output: String) -> String? {
        for line in output.split(separator: "\n") {
            guard let range = line.range(of: "listening on ") else { continue }
            let url = line[range.upperBound...].trimmingCharacters(in: .whitespaces)
            if url.range(of: #"^http://127\.0\.0\.1:[0-9]+$"#, options: .regularExpression) != nil {
                return url
            }
        }
        return nil
    }
}

/// An in-process emulator and a mirror the binary has pulled it into.
final class PulledMirror {
    let server: SentryEmulatorServer
    let folder: TemporaryFolder
    let token = "pulled-" + UUID().uuidString
    var databasePath: String { folder.path("m.sqlite") }
    var environment: [String: String] { Binary.environment(["SENTRY_AUTH_TOKEN": token]) }

    init(members: Int, projects: Int, teams: Int) throws {
        folder = try TemporaryFolder()
        server = SentryEmulatorServer(
            state: .generated(org: "acme", teams: teams, members: members, projects: projects),
            options: EmulatorOptions(tokens: [EmulatorToken(value: token)])
        )
        try server.start()
        try pull()
    }

    deinit {
        server.stop()
    }

    /// Runs `sentry-mirror pull` and requires it to succeed.
    func pull() throws {
        let result = try Binary.run(
            ["--db", databasePath, "--url", server.baseURL.absoluteString, "--org", "acme",
             "pull"],
            environment: environment
        )
        guard result.status == 0 else { throw E2EError("pull failed: \(result)") }
    }

    func database() throws -> MirrorDatabase {
        try MirrorDatabase.open(path: databasePath)
    }

    func journalHead() throws -> Int {
        try database().journalSequence
    }
}
