import Foundation
import SentryEmulator
import Testing

/// Exit codes and messages of the built binary: usage errors, help, a wrong
/// token, a query that would write.
struct CommandLineTests {
    /// Commands issue 2 names; others found in the root help are checked too.
    private static let knownCommands = [
        "pull", "status", "teams list", "members list", "projects list", "query", "changes",
        "emulator", "demo", "benchmark pull",
    ]

    @Test func aWrongTokenExitsOneNamingTheProblemWithoutPrintingTheToken() throws {
        let folder = try TemporaryFolder()
        let server = SentryEmulatorServer(
            state: .generated(org: "acme", teams: 2, members: 20, projects: 3),
            options: EmulatorOptions(tokens: [EmulatorToken(value: "the-right-one")])
        )
        try server.start()
        defer { server.stop() }
        let wrong = "sntrys_wrong_" + UUID().uuidString.replacingOccurrences(of: "-", with: "")

        let result = try Binary.run(
            ["--db", folder.path("m.sqlite"), "--url", server.baseURL.absoluteString,
             "--org", "acme", "pull"],
            environment: Binary.environment(["SENTRY_AUTH_TOKEN": wrong])
        )

        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("401"), "\(result)")
        #expect(result.stderr.lowercased().contains("token"), "\(result)")
        #expect(result.stderr.contains("SENTRY_AUTH_TOKEN"), "should say how to fix: \(result)")
        #expect(!result.stdout.contains(wrong) && !result.stderr.contains(wrong))
        #expect(!result.stderr.contains(String(wrong.suffix(12))))
        for name in ["m.sqlite", "m.sqlite-wal"] {
            let bytes = FileManager.default.contents(atPath: folder.path(name)) ?? Data()
            #expect(bytes.range(of: Data(wrong.utf8)) == nil, "the token is in \(name)")
        }
        // A first pull that failed leaves no empty mirror behind.
        #expect(!FileManager.default.fileExists(atPath: folder.path("m.sqlite")))
    }

    @Test(arguments: [
        ["frobnicate"],
        ["pull", "--frobnicate"],
        ["members", "list", "--colour", "red"],
        ["query"],
        ["changes", "--since", "yesterday"],
        ["members", "frob"],
    ])
    func aUsageErrorExitsTwoAndPointsToHelp(arguments: [String]) throws {
        let folder = try TemporaryFolder()

        let result = try Binary.run(["--db", folder.path("m.sqlite")] + arguments)

        #expect(result.status == 2, "\(result)")
        #expect(result.stderr.hasPrefix("Error: "), "\(result)")
        #expect(result.stderr.contains("--help"), "\(result)")
        #expect(result.stdout.isEmpty, "\(result)")
    }

    @Test func pullWithoutAnOrganizationIsAUsageError() throws {
        let folder = try TemporaryFolder()

        let result = try Binary.run(
            ["--db", folder.path("m.sqlite"), "--url", "http://127.0.0.1:9", "pull"],
            environment: Binary.environment(["SENTRY_AUTH_TOKEN": "whatever"])
        )

        #expect(result.status == 2, "\(result)")
        #expect(result.stderr.contains("--org"), "\(result)")
        #expect(result.stderr.contains("SENTRY_ORG"), "\(result)")
    }

    @Test func helpExitsZeroForTheToolAndEveryCommand() throws {
        let root = try Binary.run(["--help"])
        #expect(root.status == 0, "\(root)")
        let listed = Self.commands(inRootHelp: root.stdout)
        #expect(Set(Self.knownCommands).isSubset(of: Set(listed)), "root help lists \(listed)")

        for command in Set(listed).union(Self.knownCommands).sorted() {
            let words = command.split(separator: " ").map(String.init)

            let result = try Binary.run(words + ["--help"])

            #expect(result.status == 0, "\(command) --help: \(result)")
            #expect(result.stdout.hasPrefix("OVERVIEW:"), "\(command) --help: \(result)")
            #expect(result.stdout.contains("USAGE: sentry-mirror \(command)"), "\(result)")
            #expect(result.stderr.isEmpty, "\(command) --help: \(result)")
        }
    }

    @Test func aQueryThatWouldWriteIsRefusedAndChangesNothing() throws {
        let setup = try PulledMirror(members: 40, projects: 3, teams: 2)
        let before = try Binary.run(["--db", setup.databasePath, "query",
                                     "select count(*) from members"])
        #expect(before.stdout.contains("40"), "\(before)")
        let head = try setup.journalHead()
        let roles = "select role, count(*) from members group by role order by role"
        let rolesBefore = try setup.database().readOnlyQuery(sql: roles)

        for sql in ["delete from members", "update members set role = 'owner'",
                    "select 1; delete from members", "drop table members"] {
            let result = try Binary.run(["--db", setup.databasePath, "query", sql])

            #expect(result.status == 1 || result.status == 2, "\(sql): \(result)")
            #expect(result.stderr.contains("Error:"), "\(sql): \(result)")
            #expect(result.stderr.lowercased().contains("read-only")
                        || result.stderr.lowercased().contains("one statement"),
                    "\(sql): \(result)")
        }

        let database = try setup.database()
        #expect(try database.members(org: "acme").count == 40)
        #expect(try database.readOnlyQuery(sql: roles) == rolesBefore)
        #expect(try database.journalSequence == head)
    }

    /// The command names of the root help's COMMANDS section.
    static func commands(inRootHelp text: String) -> [String] {
        var names: [String] = []
        var inCommands = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("COMMANDS:") {
                inCommands = true
                continue
            }
            guard inCommands else { continue }
            if line.isEmpty || !line.hasPrefix("  ") { break }
            // `  name words   abstract`: the name ends at the first run of two spaces.
            let entry = line.dropFirst(2)
            guard let first = entry.first, first != " " else { continue }
            let name = entry.components(separatedBy: "  ").first ?? ""
            names.append(name.trimmingCharacters(in: .whitespaces))
        }
        return names
    }
}
