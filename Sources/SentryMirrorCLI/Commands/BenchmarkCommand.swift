import Foundation
import SentryAPI
import SentryEmulator
import SyncEngine

/// `sentry-mirror benchmark pull`: a pull from an in-process emulator against its floor.
enum BenchmarkCommand {
    static let command = Command(spec: CommandSpec(
        path: ["benchmark", "pull"],
        abstract: "Time a pull from the emulator against the same GETs with no database work.",
        discussion: """
            Starts the emulator in-process on a free loopback port with a generated
            organization (10,000 members, 2,000 projects, 200 teams by default) and
            --latency-ms per request, pulls it into a fresh database, then sends the same
            requests again one at a time, reading each body and doing nothing else (the
            floor). Both run --rounds times, alternating, into fresh databases. Prints the
            median wall times, requests, rows per second, peak memory and the ratio
            pull/floor. Build with -c release for figures worth comparing.
            """,
        options: [
            OptionSpec(name: "--members", valueName: "N", help: "Members (default: 10000)."),
            OptionSpec(name: "--projects", valueName: "N", help: "Projects (default: 2000)."),
            OptionSpec(name: "--teams", valueName: "N", help: "Teams (default: 200)."),
            OptionSpec(
                name: "--latency-ms", valueName: "N",
                help: "Emulator latency per request in ms (default: 2)."
            ),
            OptionSpec(
                name: "--rounds", valueName: "N",
                help: "Pull and floor runs; medians are reported (default: 3)."
            ),
        ]
    )) { context in
        let arguments = context.arguments
        let state = EmulatorState.generated(
            org: context.organizationIfGiven ?? "acme",
            teams: try arguments.integer("--teams", in: 0...100_000) ?? 200,
            members: try arguments.integer("--members", in: 0...1_000_000) ?? 10_000,
            projects: try arguments.integer("--projects", in: 0...100_000) ?? 2_000
        )
        let token = "bench-" + UUID().uuidString.lowercased()
        let server = SentryEmulatorServer(state: state, options: EmulatorOptions(
            latencyMilliseconds: try arguments.integer("--latency-ms", in: 0...10_000) ?? 2,
            tokens: [EmulatorToken(value: token)]
        ))
        let port = try server.start()
        defer { server.stop() }

        let (databasePath, temporaryFolder) = try freshDatabasePath(context)
        defer { temporaryFolder.map { try? FileManager.default.removeItem(at: $0) } }
        context.terminal.printError("Pulling from http://127.0.0.1:\(port) into \(databasePath)...")
        let benchmark = PullBenchmark(
            configuration: try SentryConfiguration(
                baseURL: "http://127.0.0.1:\(port)", organization: state.organizationSlug,
                token: try AuthToken(token)
            ),
            databasePath: databasePath,
            rounds: try arguments.integer("--rounds", in: 1...100) ?? 3
        )
        let report = try await benchmark.run()
        context.terminal.print(String(describing: report))
        context.terminal.print(
            "  emulator     \(server.options.latencyMilliseconds) ms latency, "
                + "\(server.totalRequests) requests served"
        )
    }

    /// `--db` when it names no existing file, else a file in a new temporary
    /// folder (returned too, to be removed at the end).
    private static func freshDatabasePath(
        _ context: CommandContext
    ) throws -> (String, URL?) {
        if let path = context.arguments.value("--db") {
            guard !FileManager.default.fileExists(atPath: path) else {
                throw context.usageError(
                    "\(path) exists; the benchmark pulls into a fresh database: pass a new path."
                )
            }
            return (path, nil)
        }
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("sentry-mirror-pull-bench-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return (folder.appendingPathComponent("mirror.sqlite").path, folder)
    }
}
