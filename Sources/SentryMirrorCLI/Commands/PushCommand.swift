import Foundation
import MirrorJSON
import MirrorStore
import SentryAPI
import SyncEngine

/// `sentry-mirror push` and `sentry-mirror sync`: replay the outbox against Sentry.
enum PushCommand {
    static let dryRunOption = OptionSpec(
        name: "--dry-run", help: "Print the requests that would be sent; send nothing."
    )

    static let push = Command(spec: CommandSpec(
        path: ["push"],
        abstract: "Replay pending mutations against Sentry, oldest first, each exactly once.",
        discussion: """
            Exits 0 when every mutation went through, 1 when some stay queued (network
            errors, 5xx, 429: run push again) or failed (Sentry refused them: see
            'pending list', then 'pending retry ID' or 'pending drop ID').
            """,
        options: [dryRunOption, .json],
        usesServer: true
    )) { context in
        let client = try ServerSession.client(context)
        let database = try ServerSession.openExistingDatabase(context)
        let report = try await run(
            client: client, database: database, dryRun: context.arguments.has("--dry-run"),
            context: context
        )
        guard report.isComplete else {
            throw CommandFailure(incompleteMessage(report))
        }
    }

    static let sync = Command(spec: CommandSpec(
        path: ["sync"],
        abstract: "Push pending mutations, then pull.",
        options: [.json],
        usesServer: true
    )) { context in
        let client = try ServerSession.client(context)
        let database = try ServerSession.openDatabase(context)
        let report = try await run(
            client: client, database: database, dryRun: false, context: context,
            printsEntries: !context.wantsJSON
        )
        let summary = try await PullCommand.pull(
            client: client, database: database, terminal: context.terminal
        )
        if context.wantsJSON {
            // One object, so that a script tells the push from the pull.
            let object: JSONValue = .object([
                "push": .array(report.entries.map(json)), "pull": summary.json,
            ])
            context.terminal.print(object.canonicalText)
        } else {
            context.terminal.print(summary.oneLine)
        }
        guard report.isComplete else {
            throw CommandFailure(incompleteMessage(report))
        }
    }

    /// Pushes, printing each mutation's outcome as it comes (a line, or a JSON
    /// line with `--json`) unless `printsEntries` is false.
    private static func run(
        client: SentryClient, database: MirrorDatabase, dryRun: Bool, context: CommandContext,
        printsEntries: Bool = true
    ) async throws -> PushReport {
        let terminal = context.terminal
        let json = context.wantsJSON
        let engine = PushEngine(client: client, database: database) { entry in
            guard printsEntries else { return }
            terminal.print(json ? self.json(entry).canonicalText : line(entry))
        }
        let report = try await engine.push(dryRun: dryRun)
        if report.entries.isEmpty, !json {
            terminal.print("Nothing to push.")
        }
        return report
    }

    private static func incompleteMessage(_ report: PushReport) -> String {
        let retry = report.count { if case .willRetry = $0 { true } else { false } }
        let failed = report.count { if case .failed = $0 { true } else { false } }
        let blockers = Set(report.entries.compactMap { entry -> Int64? in
            if case .heldBack(let behind) = entry.outcome { behind } else { nil }
        }).sorted().map { "#\($0)" }
        var parts: [String] = []
        if retry > 0 {
            parts.append("\(retry) mutation(s) stay queued after a temporary error: run push again")
        }
        if failed > 0 {
            parts.append("\(failed) failed: see 'pending list', then 'pending retry ID' or "
                + "'pending drop ID'")
        }
        if !blockers.isEmpty {
            parts.append("\(blockers.count == 1 ? "one waits" : "some wait") behind "
                + "\(blockers.joined(separator: ", ")): retry or drop "
                + (blockers.count == 1 ? "it" : "them") + " first")
        }
        return parts.joined(separator: "; ") + "."
    }

    private static func line(_ entry: PushReport.Entry) -> String {
        let head = "#\(entry.mutationID) \(entry.kind.rawValue) \(entry.target)"
        switch entry.outcome {
        case .done(let serverID, let adopted):
            let id = serverID == entry.target ? "" : " as \(serverID)"
            return "\(head): done\(id)" + (adopted ? " (an earlier attempt had taken effect)" : "")
        case .failed(let message):
            return "\(head): failed: \(message)"
        case .willRetry(let message, let next):
            return "\(head): still queued (\(message)); try again after \(ServerTime.text(next))"
        case .heldBack(let behind):
            return "\(head): waits behind #\(behind)"
        case .wouldSend(let request):
            return "\(head): would send \(request)"
        }
    }

    private static func json(_ entry: PushReport.Entry) -> JSONValue {
        var object: [String: JSONValue] = [
            "id": .number(Double(entry.mutationID)),
            "kind": .string(entry.kind.rawValue),
            "target": .string(entry.target),
        ]
        switch entry.outcome {
        case .done(let serverID, let adopted):
            object["outcome"] = .string("done")
            object["serverId"] = .string(serverID)
            object["adopted"] = .bool(adopted)
        case .failed(let message):
            object["outcome"] = .string("failed")
            object["message"] = .string(message)
        case .willRetry(let message, let next):
            object["outcome"] = .string("queued")
            object["message"] = .string(message)
            object["nextAttemptAt"] = .string(ServerTime.text(next))
        case .heldBack(let behind):
            object["outcome"] = .string("heldBack")
            object["behind"] = .number(Double(behind))
        case .wouldSend(let request):
            object["outcome"] = .string("dryRun")
            object["request"] = .string(request)
        }
        return .object(object)
    }
}
