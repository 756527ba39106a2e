import Foundation

/// What a running command may use: its arguments, the environment and the terminal.
struct CommandContext: Sendable {
    var spec: CommandSpec
    var arguments: ParsedArguments
    var environment: [String: String]
    var terminal: Terminal

    /// Whether the user asked for JSON output.
    var wantsJSON: Bool { arguments.has("--json") }

    /// The database path: `--db`, else `$SENTRY_MIRROR_DB`, else `sentry-mirror.sqlite`.
    var databasePath: String {
        arguments.value("--db") ?? environment["SENTRY_MIRROR_DB"] ?? "sentry-mirror.sqlite"
    }

    /// The organization slug from `--org` or `$SENTRY_ORG`, if any.
    var organizationIfGiven: String? {
        arguments.value("--org") ?? environment["SENTRY_ORG"]
    }

    /// The positional argument at `index`.
    func positional(_ index: Int) -> String? {
        index < arguments.positionals.count ? arguments.positionals[index] : nil
    }

    /// A usage error tied to this command, so its usage line is shown.
    func usageError(_ message: String) -> UsageError {
        UsageError(message, command: spec)
    }
}
