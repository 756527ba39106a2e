import Foundation
import MirrorJSON
import MirrorStore
import SentryAPI
import SentryEmulator
import SyncEngine

/// `sentry-mirror demo`: the main job end to end against an in-process emulator.
enum DemoCommand {
    static let spec = CommandSpec(
        path: ["demo"],
        abstract: "Pull the fixture organization from an in-process emulator and show answers.",
        discussion: """
            Starts the Sentry emulator on a free loopback port with Fixtures/acme.json,
            pulls it into a fresh database (a temporary file unless --db is given and does
            not exist yet), pulls again to show that nothing new writes nothing, makes one
            change on the server side, pulls it, and answers a few questions with 'query'.
            """,
        options: [
            OptionSpec(
                name: "--fixture", valueName: "FILE",
                help: "The organization to serve (default: Fixtures/acme.json)."
            ),
        ]
    )

    static let command = Command(spec: spec) { context in
        let out = context.terminal
        let fixture = try fixtureURL(context)
        let state = try EmulatorState.fixture(contentsOf: fixture)
        let token = "demo-" + UUID().uuidString.lowercased()
        let server = SentryEmulatorServer(
            state: state, options: EmulatorOptions(tokens: [EmulatorToken(value: token)])
        )
        let port = try server.start()
        defer { server.stop() }
        let org = state.organizationSlug
        out.print("Emulator: \(fixture.lastPathComponent) served at http://127.0.0.1:\(port)")

        let databasePath = try freshDatabasePath(context)
        out.print("Mirror:   \(databasePath)")
        let database = try MirrorDatabase.open(path: databasePath)
        let client = SentryClient(configuration: try SentryConfiguration(
            baseURL: "http://127.0.0.1:\(port)", organization: org, token: try AuthToken(token)
        ))

        out.print("\n1. First pull")
        let first = try await PullCommand.pull(client: client, database: database, terminal: out)
        report(first, out)

        out.print("\n2. Second pull: nothing changed on the server, so nothing is written")
        let second = try await PullCommand.pull(client: client, database: database, terminal: out)
        report(second, out)

        out.print("\n3. A colleague renames a project in Sentry's web UI; the next pull journals it")
        let head = try database.changes(org: org).last?.seq ?? 0
        if let project = try database.projects(org: org).first?.record {
            try state.apply(.renameProject(idOrSlug: project.id, name: project.name + " (renamed)"))
        }
        let third = try await PullCommand.pull(client: client, database: database, terminal: out)
        report(third, out)
        for entry in try database.changes(since: head, org: org) {
            out.print("   changes: " + (try ChangesCommand.json(entry).canonicalText))
        }

        out.print("\n4. Answers from the mirror, offline")
        for (question, sql) in questions {
            out.print("\n   \(question)\n   $ sentry-mirror query \"\(sql)\"")
            let result = try database.readOnlyQuery(sql: sql)
            let table = TableFormatter(
                columns: result.columns, rows: result.rows.map { $0.map(\.description) }
            )
            out.print(table.render().split(separator: "\n").map { "   " + $0 }.joined(separator: "\n"))
        }
        out.print("\nDone. Try: sentry-mirror --db \(databasePath) members list")
    }

    static let questions: [(String, String)] = [
        ("How many of each are mirrored?",
         "select (select count(*) from teams) as teams, (select count(*) from members) as members,"
            + " (select count(*) from projects) as projects"),
        ("Members by role:",
         "select role, count(*) as members from members group by role order by 2 desc"),
        ("Invites not accepted yet:",
         "select email, expired from members where pending = 1 order by email"),
        ("Projects per platform:",
         "select coalesce(platform, '-') as platform, count(*) as projects from projects"
            + " group by 1 order by 2 desc, 1"),
        ("Teams with the most members:",
         "select t.slug, count(*) as members from team_members tm join teams t"
            + " on t.org = tm.org and t.id = tm.team_id group by t.slug order by 2 desc, 1 limit 5"),
    ]

    private static func report(_ summary: PullSummary, _ out: Terminal) {
        out.print(
            "   \(summary.teams.listed) teams, \(summary.members.listed) members, "
                + "\(summary.projects.listed) projects, "
                + "\(summary.teamMemberships.listed) team memberships; "
                + "\(summary.requests) requests in "
                + String(format: "%.2f", summary.duration.seconds) + " s"
        )
        out.print("   \(summary.oneLine)")
    }

    /// `--fixture`, else Fixtures/acme.json in the current folder or beside the package.
    private static func fixtureURL(_ context: CommandContext) throws -> URL {
        if let path = context.arguments.value("--fixture") {
            return URL(fileURLWithPath: path)
        }
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let candidates = [
            URL(fileURLWithPath: "Fixtures/acme.json"),
            // .build/<config>/sentry-mirror → the package's Fixtures folder.
            executable.deletingLastPathComponent().appendingPathComponent("../../../Fixtures/acme.json"),
        ]
        guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) })
        else {
            throw CommandFailure(
                "cannot find Fixtures/acme.json: run the demo from the package folder "
                    + "or pass --fixture FILE."
            )
        }
        return found.standardizedFileURL
    }

    private static func freshDatabasePath(_ context: CommandContext) throws -> String {
        if let path = context.arguments.value("--db") {
            guard !FileManager.default.fileExists(atPath: path) else {
                throw context.usageError(
                    "\(path) exists; the demo pulls into a fresh database: pass a new path."
                )
            }
            return path
        }
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("sentry-mirror-demo-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent("mirror.sqlite").path
    }
}
