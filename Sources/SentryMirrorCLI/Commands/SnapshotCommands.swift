import Foundation
import MirrorJSON
import Snapshot

/// `export FILE` and `import FILE`: compressed snapshots of the mirror.
enum SnapshotCommands {
    static let export = Command(spec: CommandSpec(
        path: ["export"],
        abstract: "Write a compressed, consistent snapshot of the mirror to FILE.",
        discussion: """
            The default format is the SQLite database itself, gzip-compressed, with a
            manifest (schema, organizations, row counts, SHA-256) in the gzip header:
            'gunzip' and 'sqlite3' open it without this tool. '--format ndjson' writes
            gzip-compressed JSON lines, one object per row tagged with its entity.
            Pending mutations are left out unless --include-pending.
            """,
        arguments: [ArgumentSpec(name: "FILE", help: "Where to write the snapshot.")],
        options: [
            OptionSpec(
                name: "--format", valueName: "FORMAT", help: "sqlite or ndjson (default: sqlite)."
            ),
            OptionSpec(name: "--include-pending", help: "Keep pending mutations in the snapshot."),
            .json,
        ]
    )) { context in
        let formatName = context.arguments.value("--format") ?? "sqlite"
        guard let format = SnapshotFormat(rawValue: formatName) else {
            throw context.usageError("--format takes sqlite or ndjson, not '\(formatName)'.")
        }
        let database = context.databasePath
        guard FileManager.default.fileExists(atPath: database) else {
            throw CommandFailure("no mirror at \(database): run 'sentry-mirror pull' first, "
                + "or pass --db PATH.")
        }
        let terminal = context.terminal
        let manifest = try SnapshotExporter.export(
            databasePath: database, to: context.positional(0) ?? "", format: format,
            includePending: context.arguments.has("--include-pending")
        ) { progress in
            let share = progress.total > 0 ? " \(progress.completed * 100 / progress.total)%" : ""
            terminal.progress("export: \(progress.phase.rawValue)\(share)")
        }
        terminal.endProgress()
        report(manifest, verb: "Exported", file: context.positional(0) ?? "", context: context)
    }

    static let `import` = Command(spec: CommandSpec(
        path: ["import"],
        abstract: "Replace the mirror with a verified snapshot.",
        discussion: """
            Checks the gzip stream, the manifest, the checksum and the schema before
            anything is replaced; the new database is written beside the old one,
            synced and renamed into place, so a failure leaves the old mirror as it was.
            A snapshot from an older schema is migrated; one from a newer version of
            this tool is refused. A mirror with pending mutations is kept unless --force.
            """,
        arguments: [ArgumentSpec(name: "FILE", help: "The snapshot to import.")],
        options: [
            OptionSpec(name: "--force", help: "Replace a mirror that has pending mutations."),
            .json,
        ]
    )) { context in
        let manifest = try SnapshotImporter.import(
            from: context.positional(0) ?? "", databasePath: context.databasePath,
            force: context.arguments.has("--force")
        )
        report(manifest, verb: "Imported", file: context.databasePath, context: context)
    }

    private static func report(
        _ manifest: SnapshotManifest, verb: String, file: String, context: CommandContext
    ) {
        if context.wantsJSON {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            encoder.dateEncodingStrategy = .iso8601
            let data = (try? encoder.encode(manifest)) ?? Data("{}".utf8)
            context.terminal.print(String(decoding: data, as: UTF8.self))
            return
        }
        let counts = ["teams", "members", "projects"]
            .map { "\(manifest.rowCounts[$0] ?? 0) \($0)" }.joined(separator: ", ")
        let orgs = manifest.organizations.joined(separator: ", ")
        context.terminal.print(
            "\(verb) \(file): \(manifest.format.rawValue) snapshot of \(orgs.isEmpty ? "-" : orgs) "
                + "(\(counts); schema \(manifest.schemaVersion))."
        )
    }
}
