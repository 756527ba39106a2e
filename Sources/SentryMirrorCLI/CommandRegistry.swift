/// Every command of the tool, in the order the root help lists them.
enum CommandRegistry {
    static let all: [Command] = [
        PullCommand.command,
        StatusCommand.command,
        ListCommands.teams,
        ListCommands.members,
        ListCommands.projects,
        WriteCommands.addMember,
        WriteCommands.removeMember,
        WriteCommands.createProject,
        WriteCommands.updateProject,
        WriteCommands.deleteProject,
        PendingCommands.list,
        PendingCommands.drop,
        PendingCommands.retry,
        PushCommand.push,
        PushCommand.sync,
        QueryCommand.command,
        ChangesCommand.command,
        APICommand.command,
        SnapshotCommands.export,
        SnapshotCommands.import,
        EmulatorCommand.command,
        DemoCommand.command,
        ExportBenchmarkCommand.command,
    ]
}
