/// Splits a command line into a command and its arguments.
///
/// Options may come before or after the command words; `--name=value` and
/// `--name value` are both accepted; `--` ends option parsing.
struct ArgumentParser {
    let commands: [CommandSpec]

    /// The command the words select, and the rest matched against its spec.
    ///
    /// - Throws: ``UsageError`` for unknown commands and options, missing values
    ///   and a wrong number of arguments.
    func parse(_ words: [String]) throws -> (CommandSpec?, ParsedArguments) {
        let found = commandWords(in: words)
        let command = commands.first { $0.path == found.path }
        if command == nil {
            if !found.partial.isEmpty {
                let group = found.partial.joined(separator: " ")
                let members = commands.filter { $0.path.starts(with: found.partial) }
                if words.contains("--help") || words.contains("-h") {
                    throw GroupHelpRequest(group: group, commands: members)
                }
                let subcommands = members
                    .map { $0.path[found.partial.count...].joined(separator: " ") }
                if let stray = found.stray {
                    throw UsageError(
                        "unknown subcommand '\(stray)' of '\(group)'; use one of: "
                            + "\(subcommands.joined(separator: ", "))."
                    )
                }
                throw UsageError(
                    "'\(group)' needs a subcommand: \(subcommands.joined(separator: ", "))."
                )
            }
            if let first = found.stray {
                throw UsageError("unknown command '\(first)'." + suggestion(for: first))
            }
        }
        let rest = words.enumerated().filter { !found.indices.contains($0.offset) }.map(\.element)
        let spec = command ?? CommandSpec(path: [], abstract: "")
        return (command, try match(rest, against: spec))
    }

    /// Where the command stands among the words.
    private struct CommandWords {
        /// The longest run of words naming a command, or empty.
        var path: [String] = []
        /// The positions of those words.
        var indices: Set<Int> = []
        /// Words that start a command path without completing one (`members`).
        var partial: [String] = []
        /// The first word that neither starts a command nor continues a group.
        var stray: String?
    }

    /// Finds the command words; global options (and their values) may come
    /// before and between them.
    private func commandWords(in words: [String]) -> CommandWords {
        let globals = OptionSpec.globals + OptionSpec.serverGlobals + [.json]
        var result = CommandWords()
        var path: [String] = []
        var indices: [Int] = []
        var index = 0
        while index < words.count {
            let word = words[index]
            if word.hasPrefix("-") {
                let name = word.split(separator: "=", maxSplits: 1).first.map(String.init) ?? word
                // An option the command may know (or an unknown one, which
                // matching reports against the command's usage): step over it.
                let option = globals.first { $0.name == name || $0.shortName == name }
                index += (option?.isFlag ?? true) || word.contains("=") ? 1 : 2
                continue
            }
            let candidate = path + [word]
            guard commands.contains(where: { $0.path.starts(with: candidate) }) else {
                if path.isEmpty || !commands.contains(where: { $0.path == path }) {
                    result.stray = word
                }
                break
            }
            path = candidate
            indices.append(index)
            if commands.contains(where: { $0.path == path }) {
                result.path = path
                result.indices = Set(indices)
            }
            index += 1
        }
        if result.path.isEmpty { result.partial = path }
        return result
    }

    private func match(_ words: [String], against spec: CommandSpec) throws -> ParsedArguments {
        let options = spec.options + OptionSpec.globals
            // Accepted everywhere, so one set of global flags works for every
            // command; only the commands that talk to Sentry use them.
            + OptionSpec.serverGlobals
        var parsed = ParsedArguments()
        var index = 0
        var optionsEnded = false
        while index < words.count {
            let word = words[index]
            index += 1
            guard !optionsEnded, word.hasPrefix("-"), word != "-" else {
                parsed.positionals.append(word)
                continue
            }
            if word == "--" {
                optionsEnded = true
                continue
            }
            let (name, inlineValue) = splitInlineValue(word)
            guard let option = options.first(where: { $0.name == name || $0.shortName == name })
            else {
                throw UsageError(
                    "unknown option '\(name)'." + suggestion(for: name, among: options.map(\.name)),
                    command: spec
                )
            }
            if option.isFlag {
                guard inlineValue == nil else {
                    throw UsageError("\(option.name) takes no value.", command: spec)
                }
                parsed.flags.insert(option.name)
                continue
            }
            let value: String
            if let inlineValue {
                value = inlineValue
            } else if index < words.count {
                value = words[index]
                index += 1
            } else {
                throw UsageError(
                    "\(option.name) needs a value (\(option.valueName ?? "VALUE")).", command: spec
                )
            }
            if !option.isRepeatable, parsed.values[option.name] != nil {
                throw UsageError("\(option.name) was given twice.", command: spec)
            }
            parsed.values[option.name, default: []].append(value)
        }
        if !parsed.has("--help") { try checkArgumentCount(parsed.positionals, spec: spec) }
        return parsed
    }

    private func splitInlineValue(_ word: String) -> (String, String?) {
        guard word.hasPrefix("--"), let equals = word.firstIndex(of: "=") else { return (word, nil) }
        return (String(word[..<equals]), String(word[word.index(after: equals)...]))
    }

    private func checkArgumentCount(_ positionals: [String], spec: CommandSpec) throws {
        guard !spec.path.isEmpty else { return }
        let required = spec.arguments.filter { !$0.isOptional }.count
        let variadic = spec.arguments.contains { $0.isVariadic }
        if positionals.count < required {
            let missing = spec.arguments[positionals.count].name
            throw UsageError("missing argument \(missing).", command: spec)
        }
        if !variadic, positionals.count > spec.arguments.count {
            let extra = positionals[spec.arguments.count]
            throw UsageError("unexpected argument '\(extra)'.", command: spec)
        }
    }

    private func suggestion(for word: String) -> String {
        suggestion(for: word, among: Array(Set(commands.compactMap(\.path.first))))
    }

    private func suggestion(for word: String, among candidates: [String]) -> String {
        let best = candidates
            .map { ($0, editDistance(word, $0)) }
            .filter { $0.1 <= max(2, word.count / 3) }
            .min { $0.1 < $1.1 }
        return best.map { " Did you mean '\($0.0)'?" } ?? ""
    }
}

/// The Levenshtein distance between two strings, for "did you mean" hints.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    guard !a.isEmpty else { return b.count }
    guard !b.isEmpty else { return a.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        }
        previous = current
    }
    return previous[b.count]
}

/// `sentry-mirror members --help`: help for a group of commands, exit 0.
struct GroupHelpRequest: Error {
    var group: String
    var commands: [CommandSpec]
}
