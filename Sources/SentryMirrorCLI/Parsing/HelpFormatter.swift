import Foundation

/// Renders help text in the OVERVIEW / USAGE / ARGUMENTS / OPTIONS layout.
struct HelpFormatter {
    static let toolName = "sentry-mirror"

    /// Help for the whole tool: overview and the list of commands.
    static func rootHelp(commands: [CommandSpec]) -> String {
        var lines = [
            "OVERVIEW: An offline-first mirror of a Sentry organization's teams, members and",
            "projects in a local SQLite database.",
            "",
            "USAGE: \(toolName) [--db PATH] [--org SLUG] <command> [options]",
            "",
            "OPTIONS:",
        ]
        lines += table(OptionSpec.globals + OptionSpec.serverGlobals + [.json])
        lines += ["", "COMMANDS:"]
        lines += aligned(commands.map { ($0.name, $0.abstract) })
        lines += [
            "",
            "  See '\(toolName) <command> --help' for the help of one command.",
            "",
            "ENVIRONMENT:",
        ]
        lines += aligned([
            ("SENTRY_AUTH_TOKEN", "The auth token (never written to the database or logs)."),
            ("SENTRY_URL", "Sentry's base URL, as --url."),
            ("SENTRY_ORG", "The organization slug, as --org."),
            ("SENTRY_MIRROR_DB", "The mirror database, as --db."),
        ])
        lines += [
            "",
            "EXIT STATUS: 0 success, 1 failure, 2 usage error.",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// Help for a group of commands, such as `members`.
    static func groupHelp(_ group: String, commands: [CommandSpec]) -> String {
        var lines = ["USAGE: \(toolName) \(group) <subcommand> [options]", "", "SUBCOMMANDS:"]
        lines += aligned(commands.map { ($0.name, $0.abstract) })
        lines += ["", "  See '\(toolName) \(group) <subcommand> --help' for the help of one."]
        return lines.joined(separator: "\n") + "\n"
    }

    /// Help for one command.
    static func help(for command: CommandSpec) -> String {
        var lines = ["OVERVIEW: \(command.abstract)"]
        if !command.discussion.isEmpty { lines += ["", command.discussion] }
        lines += ["", "USAGE: \(usage(for: command))"]
        if !command.arguments.isEmpty {
            lines += ["", "ARGUMENTS:"]
            lines += aligned(command.arguments.map { ("<\($0.name)>", $0.help) })
        }
        lines += ["", "OPTIONS:"]
        lines += table(
            command.options + OptionSpec.globals
                + (command.usesServer ? OptionSpec.serverGlobals : [])
        )
        return lines.joined(separator: "\n") + "\n"
    }

    /// The one-line usage of a command.
    static func usage(for command: CommandSpec) -> String {
        var parts = [toolName] + command.path
        for option in command.options {
            let text = option.valueName.map { "\(option.name) \($0)" } ?? option.name
            parts.append(option.isRepeatable ? "[\(text)]..." : "[\(text)]")
        }
        for argument in command.arguments {
            let text = "<\(argument.name)>" + (argument.isVariadic ? "..." : "")
            parts.append(argument.isOptional ? "[\(text)]" : text)
        }
        return parts.joined(separator: " ")
    }

    private static func table(_ options: [OptionSpec]) -> [String] {
        aligned(options.map { option in
            var name = option.shortName.map { "\($0), \(option.name)" } ?? option.name
            if let value = option.valueName { name += " <\(value)>" }
            return (name, option.help)
        })
    }

    private static func aligned(_ rows: [(String, String)]) -> [String] {
        let width = min(30, (rows.map(\.0.count).max() ?? 0) + 2)
        let indent = String(repeating: " ", count: width + 2)
        return rows.map { name, help in
            let wrapped = wrap(help, width: max(30, lineWidth - width - 2))
            let first = name.count + 2 > width
                ? "  \(name)\n" + indent + wrapped[0]
                : "  " + name.padding(toLength: width, withPad: " ", startingAt: 0) + wrapped[0]
            return ([first] + wrapped.dropFirst().map { indent + $0 }).joined(separator: "\n")
        }
    }

    /// The terminal width from `COLUMNS`, else 80.
    static var lineWidth: Int {
        ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init).map { max(40, $0) } ?? 80
    }

    /// Splits `text` into lines of at most `width` characters at spaces.
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty, line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        lines.append(line)
        return lines
    }
}
