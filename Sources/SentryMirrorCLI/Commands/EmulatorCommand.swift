import Foundation
import SentryEmulator

/// `sentry-mirror emulator`: serves an in-memory Sentry on 127.0.0.1 until interrupted.
enum EmulatorCommand {
    static let spec = CommandSpec(
        path: ["emulator"],
        abstract: "Serve a local Sentry emulator on 127.0.0.1 until interrupted.",
        discussion: """
            The organization comes from a fixture file (--fixture) or is generated
            deterministically (--members, --projects, --teams). Once it accepts requests
            it prints 'listening on http://127.0.0.1:PORT'. Admin routes live under
            /_emulator/ (stats, reset, mutate, faults, clock).
            """,
        options: [
            OptionSpec(name: "--port", valueName: "PORT", help: "The port (default: 0, any free port)."),
            OptionSpec(name: "--fixture", valueName: "FILE", help: "Serve the organization in FILE."),
            OptionSpec(name: "--teams", valueName: "N", help: "Generate N teams (default: 10)."),
            OptionSpec(name: "--members", valueName: "N", help: "Generate N members (default: 100)."),
            OptionSpec(name: "--projects", valueName: "N", help: "Generate N projects (default: 20)."),
            OptionSpec(
                name: "--token", valueName: "TOKEN",
                help: "Accept TOKEN (default: the token 'emulator-token', with an owner's scopes).",
                isRepeatable: true
            ),
            OptionSpec(
                name: "--scopes", valueName: "LIST",
                help: "Comma-separated scopes of the --token tokens (default: an owner's)."
            ),
            OptionSpec(name: "--latency-ms", valueName: "N", help: "Delay each request by N ms."),
            OptionSpec(
                name: "--rate-limit", valueName: "N",
                help: "Answer 429 past N requests a second, as sentry.io does (default: off)."
            ),
        ]
    )

    static let command = Command(spec: spec) { context in
        let arguments = context.arguments
        let state: EmulatorState
        if let fixture = arguments.value("--fixture") {
            let generated = ["--teams", "--members", "--projects"].filter { arguments.value($0) != nil }
            if let first = generated.first {
                throw context.usageError("\(first) cannot be combined with --fixture.")
            }
            state = try EmulatorState.fixture(contentsOf: URL(fileURLWithPath: fixture))
        } else {
            state = EmulatorState.generated(
                org: context.organizationIfGiven ?? "acme",
                teams: try arguments.integer("--teams", in: 0...100_000) ?? 10,
                members: try arguments.integer("--members", in: 0...1_000_000) ?? 100,
                projects: try arguments.integer("--projects", in: 0...100_000) ?? 20
            )
        }
        var options = EmulatorOptions()
        options.port = UInt16(try arguments.integer("--port", in: 0...65_535) ?? 0)
        options.latencyMilliseconds = try arguments.integer("--latency-ms", in: 0...60_000) ?? 0
        options.rateLimitPerSecond = try arguments.integer("--rate-limit", in: 1...1_000_000)
        let tokens = arguments.all("--token")
        if !tokens.isEmpty {
            let scopes = arguments.value("--scopes").map(parseScopes) ?? EmulatorToken.ownerScopes
            options.tokens = tokens.map { EmulatorToken(value: $0, scopes: scopes) }
        } else if arguments.value("--scopes") != nil {
            throw context.usageError("--scopes needs --token: it sets the scopes of those tokens.")
        }

        let server = SentryEmulatorServer(state: state, options: options)
        let port = try server.start()
        context.terminal.print("listening on http://127.0.0.1:\(port)")
        await waitForInterrupt()
        server.stop()
    }

    private static func parseScopes(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
    }
}
