import Foundation
import MirrorJSON
import MirrorStore
import SentryAPI

/// `sentry-mirror changes`: the journal as JSON lines, the incremental sync feed.
enum ChangesCommand {
    static let spec = CommandSpec(
        path: ["changes"],
        abstract: "Print journal rows after a sequence number as JSON lines.",
        discussion: """
            Each line is one change of the local view with its sequence number 'seq'.
            Store the last 'seq' you processed and pass it to --since next time.
            With --follow, pulls every --interval seconds and prints new rows as they
            come, until interrupted (Ctrl-C).
            """,
        options: [
            OptionSpec(name: "--since", valueName: "SEQ", help: "Only rows after SEQ (default: 0)."),
            OptionSpec(
                name: "--entity", valueName: "KIND",
                help: "Only teams, members, projects, team_members or project_teams."
            ),
            OptionSpec(name: "--limit", valueName: "N", help: "At most N rows."),
            OptionSpec(name: "--follow", help: "Keep pulling and printing new rows."),
            OptionSpec(
                name: "--interval", valueName: "SECONDS",
                help: "Seconds between pulls with --follow (default: 30)."
            ),
        ],
        usesServer: true
    )

    static let entities = ["teams", "members", "projects", "team_members", "project_teams"]

    static let command = Command(spec: spec) { context in
        let arguments = context.arguments
        var since = try arguments.integer("--since", in: 0...Int.max) ?? 0
        let limit = try arguments.integer("--limit", in: 1...Int.max)
        let entity = arguments.value("--entity")
        if let entity, !entities.contains(entity) {
            throw context.usageError(
                "--entity must be one of \(entities.joined(separator: ", ")), not '\(entity)'."
            )
        }
        let follow = arguments.has("--follow")
        let interval = try arguments.integer("--interval", in: 1...86_400)
        if interval != nil, !follow {
            throw context.usageError("--interval only applies with --follow.")
        }

        let database = follow
            ? try ServerSession.openDatabase(context)
            : try ServerSession.openExistingDatabase(context)
        let org = context.organizationIfGiven
        since = try printRows(
            database.changes(since: since, org: org, entity: entity, limit: limit),
            after: since, context
        )
        guard follow else { return }

        let client = try ServerSession.client(context)
        let watcher = InterruptWatcher.shared
        while !watcher.hasBeenInterrupted {
            do {
                guard try await pullUnlessInterrupted(client: client, context) else { break }
            } catch let error as SentryError where error.isTransient {
                // An outage should not end a feed that runs until interrupted:
                // say so, and try again at the next interval.
                context.terminal.endProgress()
                context.terminal.printError("Warning: this pull failed, trying again in "
                    + "\(interval ?? 30) s: \(error)")
            }
            since = try printRows(
                database.changes(since: since, org: org, entity: entity, limit: nil),
                after: since, context
            )
            try await sleepUnlessInterrupted(seconds: interval ?? 30)
        }
    }

    /// Prints rows as JSON lines and returns the last sequence number seen.
    private static func printRows(
        _ rows: [JournalEntry], after since: Int, _ context: CommandContext
    ) throws -> Int {
        var last = since
        for row in rows {
            context.terminal.print(try json(row).canonicalText)
            last = row.seq
        }
        return last
    }

    static func json(_ entry: JournalEntry) throws -> JSONValue {
        var object: [String: JSONValue] = [
            "seq": .number(Double(entry.seq)),
            "org": .string(entry.org),
            "origin": .string(entry.origin.rawValue),
            "entity": .string(entry.entity),
            "id": .string(entry.entityID),
            "op": .string(entry.operation.rawValue),
            "changes": try JSONValue(parsing: entry.changes),
        ]
        object["serverTime"] = entry.serverTime.map { .string(ServerTime.text($0)) } ?? .null
        return .object(object)
    }

    /// Runs one pull, cancelled as soon as SIGINT or SIGTERM arrives, so that a
    /// slow pull does not hold `--follow` up (a second Ctrl-C would be ignored).
    /// Cancelling is safe: each page is written in one transaction and nothing
    /// is removed before a listing completed.
    ///
    /// - Returns: false when interrupted.
    private static func pullUnlessInterrupted(
        client: SentryClient, _ context: CommandContext
    ) async throws -> Bool {
        let path = context.databasePath
        let terminal = context.terminal
        let finished = try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                // Its own connection: a MirrorDatabase stays within one task.
                let database = try MirrorDatabase.open(path: path)
                _ = try await PullCommand.pull(
                    client: client, database: database, terminal: terminal
                )
                return true
            }
            group.addTask {
                while !InterruptWatcher.shared.hasBeenInterrupted {
                    try await Task.sleep(for: .milliseconds(100))
                }
                return false
            }
            defer { group.cancelAll() }
            return try await group.next() ?? false
        }
        if !finished { terminal.endProgress() }
        return finished
    }

    /// Sleeps `seconds`, returning early when SIGINT or SIGTERM arrives.
    private static func sleepUnlessInterrupted(seconds: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline, !InterruptWatcher.shared.hasBeenInterrupted {
            try await Task.sleep(for: .milliseconds(100))
        }
    }
}
