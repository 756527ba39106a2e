/// A mistake on the command line: exit status 2, with the usage line and a hint.
struct UsageError: Error, CustomStringConvertible {
    var message: String
    /// The command whose usage to show, when known.
    var command: CommandSpec?

    init(_ message: String, command: CommandSpec? = nil) {
        self.message = message
        self.command = command
    }

    var description: String { message }
}
