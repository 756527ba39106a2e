import Foundation
import SentryAPI

/// The entry point of the `sentry-mirror` command-line tool.
public enum SentryMirrorCLI {
    /// Runs the tool with `arguments` (without the program name) and returns the exit status:
    /// 0 success, 1 failure, 2 usage error.
    public static func run(
        arguments: [String],
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) async -> Int32 {
        let terminal = Terminal()
        let commands = CommandRegistry.all
        let parser = ArgumentParser(commands: commands.map(\.spec))
        var running: CommandSpec?
        do {
            let (spec, parsed) = try parser.parse(arguments)
            running = spec
            guard let spec, let command = commands.first(where: { $0.spec.path == spec.path })
            else {
                let asked = parsed.has("--help") || arguments.isEmpty
                if asked {
                    terminal.print(HelpFormatter.rootHelp(commands: commands.map(\.spec)))
                    return 0
                }
                throw UsageError("no command given.")
            }
            if parsed.has("--help") {
                terminal.print(HelpFormatter.help(for: spec))
                return 0
            }
            let context = CommandContext(
                spec: spec, arguments: parsed, environment: environment, terminal: terminal
            )
            try await command.run(context)
            return 0
        } catch let request as GroupHelpRequest {
            terminal.print(HelpFormatter.groupHelp(request.group, commands: request.commands))
            return 0
        } catch let error as SentryConfigurationError {
            return usageFailure(String(describing: error), command: running, terminal: terminal)
        } catch let error as AuthTokenError {
            return usageFailure(String(describing: error), command: running, terminal: terminal)
        } catch let error as UsageError {
            return usageFailure(error.message, command: error.command ?? running,
                                terminal: terminal)
        } catch {
            terminal.endProgress()
            terminal.printError("Error: \(String(describing: error))")
            return 1
        }
    }

    /// Prints a usage error with the command's usage line and returns exit status 2.
    private static func usageFailure(
        _ message: String, command: CommandSpec?, terminal: Terminal
    ) -> Int32 {
        terminal.endProgress()
        terminal.printError("Error: \(message)")
        if let command, !command.path.isEmpty {
            terminal.printError("Usage: \(HelpFormatter.usage(for: command))")
            terminal.printError("See '\(HelpFormatter.toolName) \(command.name) --help'.")
        } else {
            terminal.printError("See '\(HelpFormatter.toolName) --help'.")
        }
        return 2
    }
}
