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
        let commandWords = words.prefix { !$0.hasPrefix("-") || $0 == "-" }
        let command = longestCommand(matching: Array(commandWords))
        if command == nil, let first = commandWords.first {
            throw UsageError("unknown command '\(first)'." + suggestion(for: first))
        }
        var rest = words
        if let command {
            // Remove the command words wherever they stand among leading options.
            rest = removeCommandWords(command.path, from: words)
        }
        let spec = command ?? CommandSpec(path: [], abstract: "")
        return (command, try match(rest, against: spec))
    }

    private func longestCommand(matching words: [String]) -> CommandSpec? {
        commands
            .filter { words.starts(with: $0.path) }
            .max { $0.path.count < $1.path.count }
    }

    private func removeCommandWords(_ path: [String], from words: [String]) -> [String] {
        var remaining = words
        for word in path {
            if let index = remaining.firstIndex(of: word) { remaining.remove(at: index) }
        }
        return remaining
    }

    private func match(_ words: [String], against spec: CommandSpec) throws -> ParsedArguments {
        let options = spec.options + OptionSpec.globals
            + (spec.usesServer ? OptionSpec.serverGlobals : [])
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
        suggestion(for: word, among: Array(Set(commands.map { $0.path.joined(separator: " ") })))
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
