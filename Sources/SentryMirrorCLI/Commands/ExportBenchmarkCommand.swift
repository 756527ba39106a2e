import Foundation
import Snapshot

/// `sentry-mirror benchmark export`: our export against sqlite3 .backup plus gzip -6.
enum ExportBenchmarkCommand {
    static let command = Command(spec: CommandSpec(
        path: ["benchmark", "export"],
        abstract: "Time export against 'sqlite3 .backup' plus 'gzip -6' on a sample mirror.",
        discussion: """
            Builds a sample mirror (10,000 members, 2,000 projects, 200 teams by default)
            in a temporary folder unless --db names an existing one, then times both in
            the same run and prints the times, the ratio and the sizes.
            """,
        options: [
            OptionSpec(name: "--members", valueName: "N", help: "Members (default: 10000)."),
            OptionSpec(name: "--projects", valueName: "N", help: "Projects (default: 2000)."),
            OptionSpec(name: "--teams", valueName: "N", help: "Teams (default: 200)."),
        ]
    )) { context in
        var path = context.arguments.value("--db") ?? ""
        if path.isEmpty || !FileManager.default.fileExists(atPath: path) {
            let folder = FileManager.default.temporaryDirectory
                .appendingPathComponent("sentry-mirror-bench-\(UUID().uuidString.prefix(8))")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            path = folder.appendingPathComponent("mirror.sqlite").path
            context.terminal.printError("Building a sample mirror at \(path)...")
            try SnapshotBenchmark.makeSampleMirror(
                at: path,
                members: try context.arguments.integer("--members", in: 1...1_000_000) ?? 10_000,
                projects: try context.arguments.integer("--projects", in: 1...1_000_000) ?? 2_000,
                teams: try context.arguments.integer("--teams", in: 1...100_000) ?? 200
            )
        }
        context.terminal.print(String(describing: try SnapshotBenchmark.run(databasePath: path)))
    }
}
