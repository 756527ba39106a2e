/// Every command of the tool, in the order the root help lists them.
enum CommandRegistry {
    static let all: [Command] = [
    ]
}
