/// Every command of the tool, in the order the root help lists them.
enum CommandRegistry {
    static let all: [Command] = [
        PullCommand.command,
        PushCommand.push,
        PushCommand.sync,
        StatusCommand.command,
        ListCommands.teams,
        ListCommands.members,
        WriteCommands.addMember,
        WriteCommands.removeMember,
        ListCommands.projects,
        WriteCommands.createProject,
        WriteCommands.updateProject,
        WriteCommands.deleteProject,
        PendingCommands.list,
        PendingCommands.drop,
        PendingCommands.retry,
        QueryCommand.command,
        ChangesCommand.command,
        APICommand.command,
        SnapshotCommands.export,
        SnapshotCommands.import,
        EmulatorCommand.command,
        DemoCommand.command,
        BenchmarkCommand.command,
        ExportBenchmarkCommand.command,
    ]
}
