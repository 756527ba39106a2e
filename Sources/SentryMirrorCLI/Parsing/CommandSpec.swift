/// The declared shape of one command: its words, arguments, options and help.
struct CommandSpec: Sendable {
    /// The words that select the command, such as `["members", "list"]`.
    var path: [String]
    /// One line for the command list and the OVERVIEW heading.
    var abstract: String
    /// Longer help printed after OVERVIEW, or empty.
    var discussion: String = ""
    /// Positional arguments, in order.
    var arguments: [ArgumentSpec] = []
    /// Options the command accepts besides the global ones.
    var options: [OptionSpec] = []
    /// Whether the global connection options (`--url`, `--org`, token) apply.
    var usesServer: Bool = false

    var name: String { path.joined(separator: " ") }
}

/// A positional argument of a command.
struct ArgumentSpec: Sendable {
    var name: String
    var help: String
    var isOptional: Bool = false
    /// Whether the argument takes every remaining word.
    var isVariadic: Bool = false
}

/// An option: a flag (`--json`) or an option with a value (`--role ROLE`).
struct OptionSpec: Sendable, Hashable {
    /// The long name with its dashes, such as `--role`.
    var name: String
    /// A one-letter alias with its dash, such as `-X`, or nil.
    var shortName: String? = nil
    /// The placeholder of the value, such as `ROLE`; nil for a flag.
    var valueName: String? = nil
    var help: String
    /// Whether the option may be given several times (`--team A --team B`).
    var isRepeatable: Bool = false

    var isFlag: Bool { valueName == nil }
}

extension OptionSpec {
    static let json = OptionSpec(name: "--json", help: "Print JSON instead of a table.")
    static let help = OptionSpec(name: "--help", shortName: "-h", help: "Show help for this command.")
    static let database = OptionSpec(
        name: "--db", valueName: "PATH",
        help: "The mirror database (default: $SENTRY_MIRROR_DB, else sentry-mirror.sqlite)."
    )
    static let url = OptionSpec(
        name: "--url", valueName: "URL",
        help: "Sentry's base URL (default: $SENTRY_URL, else https://sentry.io)."
    )
    static let organization = OptionSpec(
        name: "--org", valueName: "SLUG",
        help: "The organization slug (default: $SENTRY_ORG)."
    )
    static let tokenFile = OptionSpec(
        name: "--auth-token-file", valueName: "PATH",
        help: "Read the auth token from PATH (default: $SENTRY_AUTH_TOKEN)."
    )

    /// Options every command accepts.
    static let globals: [OptionSpec] = [.database, .organization, .help]
    /// Options of commands that talk to Sentry.
    static let serverGlobals: [OptionSpec] = [.url, .tokenFile]
}
