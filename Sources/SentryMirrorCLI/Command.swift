/// A command of the tool: its declared shape and what it does.
struct Command: Sendable {
    var spec: CommandSpec
    var run: @Sendable (CommandContext) async throws -> Void
}

/// A failure that should exit with status 1 and a message, without more detail.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
