/// Every command of the tool, in the order the root help lists them.
enum CommandRegistry {
    static let all: [Command] = [
        PullCommand.command,
        StatusCommand.command,
        ListCommands.teams,
        ListCommands.members,
        ListCommands.projects,
        QueryCommand.command,
        ChangesCommand.command,
        EmulatorCommand.command,
        DemoCommand.command,
    ]
}
