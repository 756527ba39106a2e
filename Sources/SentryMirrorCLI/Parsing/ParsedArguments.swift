/// What the command line said, after matching it against a ``CommandSpec``.
struct ParsedArguments: Sendable {
    var positionals: [String] = []
    var values: [String: [String]] = [:]
    var flags: Set<String> = []

    /// Whether the flag `name` (such as `--json`) was given.
    func has(_ name: String) -> Bool { flags.contains(name) }

    /// The last value of option `name`, or nil.
    func value(_ name: String) -> String? { values[name]?.last }

    /// Every value of a repeatable option, in order.
    func all(_ name: String) -> [String] { values[name] ?? [] }

    /// The value of option `name` as an integer within `range`.
    ///
    /// - Throws: ``UsageError`` quoting the bad value.
    func integer(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = value(name) else { return nil }
        guard let number = Int(text), range.contains(number) else {
            throw UsageError(
                "\(name) takes a whole number from \(range.lowerBound) to \(range.upperBound), "
                    + "not '\(text)'."
            )
        }
        return number
    }
}
