import Foundation
import MirrorStore
import SentryAPI
import SyncEngine

/// `sentry-mirror pull`: mirrors the organization from Sentry into the database.
enum PullCommand {
    static let spec = CommandSpec(
        path: ["pull"],
        abstract: "Mirror the organization's teams, members and projects from Sentry.",
        discussion: """
            Reads every listing page by page and writes each page in one transaction,
            journaling only real changes. Rows missing from a listing are removed only
            once that listing completed, so an interrupted pull deletes nothing and can
            simply be run again. Ends with one line saying what was new.
            """,
        options: [.json],
        usesServer: true
    )

    static let command = Command(spec: spec) { context in
        let client = try ServerSession.client(context)
        let path = context.databasePath
        let isNew = !FileManager.default.fileExists(atPath: path)
        let summary: PullSummary
        do {
            let database = try ServerSession.openDatabase(context)
            summary = try await pull(client: client, database: database, terminal: context.terminal)
        } catch {
            // A first pull that failed leaves no empty mirror behind to confuse the next command.
            if isNew, (try? MirrorDatabase.open(path: path).organizations().isEmpty) == true {
                for suffix in ["", "-wal", "-shm"] {
                    try? FileManager.default.removeItem(atPath: path + suffix)
                }
            }
            throw error
        }
        if context.wantsJSON {
            context.terminal.print(summary.json.canonicalText)
        } else {
            context.terminal.print(summary.oneLine)
        }
    }

    /// Runs one pull with a progress line on a terminal.
    static func pull(
        client: SentryClient, database: MirrorDatabase, terminal: Terminal
    ) async throws -> PullSummary {
        let engine = PullEngine(client: client, database: database) { progress in
            terminal.progress("pulling \(progress.line)")
        }
        let summary = try await engine.pull()
        terminal.endProgress()
        return summary
    }
}
