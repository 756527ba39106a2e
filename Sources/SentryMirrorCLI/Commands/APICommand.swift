import Foundation
import MirrorJSON
import SentryAPI

/// `sentry-mirror api PATH`: an authenticated request to any Sentry endpoint, as `gh api`.
enum APICommand {
    static let spec = CommandSpec(
        path: ["api"],
        abstract: "Send an authenticated request to any Sentry endpoint under /api/0/.",
        discussion: """
            PATH is relative to /api/0/, such as 'organizations/{org}/members/'; {org} is
            replaced by the configured organization. Fields from -f become query
            parameters for GET and DELETE, and a JSON object body otherwise. Prints the
            JSON body; an error status exits 1 with Sentry's detail. Retries and rate
            limits are handled as for pull.
            """,
        arguments: [ArgumentSpec(name: "PATH", help: "The endpoint path relative to /api/0/.")],
        options: [
            OptionSpec(
                name: "--method", shortName: "-X", valueName: "METHOD",
                help: "The HTTP method (default: GET, or POST when fields are given)."
            ),
            OptionSpec(
                name: "--field", shortName: "-f", valueName: "KEY=VALUE",
                help: "A string field (repeatable).", isRepeatable: true
            ),
            OptionSpec(
                name: "--input", valueName: "FILE",
                help: "Send the JSON in FILE as the body ('-' reads standard input)."
            ),
            OptionSpec(name: "--paginate", help: "Follow the Link header and join the arrays."),
            OptionSpec(name: "--include", shortName: "-i", help: "Print the status and headers too."),
        ],
        usesServer: true
    )

    static let command = Command(spec: spec) { context in
        let arguments = context.arguments
        let fields = try parseFields(arguments.all("--field"), context: context)
        let input = try arguments.value("--input").map { try readInput($0, context: context) }
        if input != nil, !fields.isEmpty {
            throw context.usageError(
                "--input and --field (-f) cannot be combined: put the fields in FILE."
            )
        }
        let method = HTTPMethod(
            rawValue: arguments.value("--method") ?? (fields.isEmpty && input == nil ? "GET" : "POST")
        )
        guard ["GET", "POST", "PUT", "DELETE", "PATCH"].contains(method.rawValue) else {
            throw context.usageError(
                "--method (-X) takes GET, POST, PUT, DELETE or PATCH, not '\(method.rawValue)'."
            )
        }
        let sendsQuery = method == .get || method == .delete
        let query = sendsQuery ? fields : []
        let body: JSONValue? = input
            ?? (sendsQuery || fields.isEmpty ? nil : .object(
                Dictionary(fields.map { ($0.name, JSONValue.string($0.value)) },
                           uniquingKeysWith: { _, last in last })
            ))

        let client = try ServerSession.client(context)
        let path = context.positional(0) ?? ""
        do {
            if arguments.has("--paginate") {
                guard method == .get else {
                    throw context.usageError("--paginate only applies to GET requests.")
                }
                let (items, last) = try await client.rawPaginated(path: path, query: query)
                if arguments.has("--include"), let last { printHead(last, context) }
                context.terminal.print(items.canonicalText)
            } else {
                let response = try await client.raw(
                    method: method, path: path, query: query, body: body
                )
                if arguments.has("--include") { printHead(response, context) }
                if !response.body.isEmpty {
                    context.terminal.print(String(decoding: response.body, as: UTF8.self))
                }
            }
        } catch let error as RawPathError {
            throw context.usageError(String(describing: error))
        }
    }

    private static func parseFields(
        _ texts: [String], context: CommandContext
    ) throws -> [(name: String, value: String)] {
        try texts.map { text in
            guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
                throw context.usageError("--field (-f) takes KEY=VALUE, not '\(text)'.")
            }
            return (String(text[..<equals]), String(text[text.index(after: equals)...]))
        }
    }

    private static func readInput(_ path: String, context: CommandContext) throws -> JSONValue {
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let contents = FileManager.default.contents(atPath: path) else {
                throw context.usageError("--input: cannot read '\(path)'.")
            }
            data = contents
        }
        do {
            return try JSONValue(parsing: data)
        } catch {
            throw context.usageError("--input: '\(path)' does not hold JSON.")
        }
    }

    private static func printHead(_ response: SentryResponse, _ context: CommandContext) {
        context.terminal.print("HTTP \(response.status)")
        for (name, value) in response.headers {
            context.terminal.print("\(name): \(value)")
        }
        context.terminal.print("")
    }
}
