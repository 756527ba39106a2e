import Foundation
import MirrorJSON
import MirrorStore

/// `pending list`, `pending drop ID` and `pending retry ID`: the outbox.
enum PendingCommands {
    static let list = Command(spec: CommandSpec(
        path: ["pending", "list"],
        abstract: "List pending mutations: queued, sending or failed.",
        options: [.json]
    )) { context in
        let database = try ServerSession.openExistingDatabase(context)
        let mutations = try database.pendingMutations(org: context.organizationIfGiven)
        if context.wantsJSON {
            context.terminal.print(JSONValue.array(mutations.map(json)).canonicalText)
            return
        }
        guard !mutations.isEmpty else {
            context.terminal.print("No pending mutations.")
            return
        }
        let rows = mutations.map { mutation in
            [
                String(mutation.id), mutation.kind.rawValue, mutation.targetID,
                mutation.payload.canonicalText, ServerTime.text(mutation.madeAt),
                String(mutation.attempts), mutation.state.rawValue, mutation.lastError ?? "",
            ]
        }
        let columns = ["ID", "KIND", "TARGET", "CHANGES", "MADE AT (SERVER CLOCK)", "ATTEMPTS",
                       "STATE", "LAST ERROR"]
        context.terminal.print(TableFormatter(columns: columns, rows: rows).render())
    }

    static let drop = Command(spec: CommandSpec(
        path: ["pending", "drop"],
        abstract: "Withdraw a pending mutation; the local view is rebased without it.",
        arguments: [ArgumentSpec(name: "ID", help: "The mutation's id from 'pending list'.")]
    )) { context in
        let id = try mutationID(context)
        let database = try ServerSession.openExistingDatabase(context)
        var dropped: [Int64] = []
        try change(context) { dropped = try database.drop(id: id) }
        let followers = dropped.dropFirst().map { "#\($0)" }
        context.terminal.print(
            "Dropped #\(id)" + (followers.isEmpty ? "." : ", and \(followers.joined(separator: ", ")) "
                + "which changed what it would have created.")
        )
    }

    static let retry = Command(spec: CommandSpec(
        path: ["pending", "retry"],
        abstract: "Put a failed mutation back in the queue.",
        arguments: [ArgumentSpec(name: "ID", help: "The mutation's id from 'pending list'.")]
    )) { context in
        let id = try mutationID(context)
        let database = try ServerSession.openExistingDatabase(context)
        try change(context) { try database.retry(id: id) }
        context.terminal.print("#\(id) is queued again; run 'sentry-mirror push'.")
    }

    private static func mutationID(_ context: CommandContext) throws -> Int64 {
        let text = context.positional(0) ?? ""
        guard let id = Int64(text.trimmingCharacters(in: CharacterSet(charactersIn: "#"))) else {
            throw context.usageError("ID must be a number from 'pending list', not '\(text)'.")
        }
        return id
    }

    private static func change(_ context: CommandContext, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as LocalWriteError {
            throw context.usageError(String(describing: error) + ".")
        }
    }

    /// One mutation as JSON, as `pending list --json` prints it.
    static func json(_ mutation: PendingMutation) -> JSONValue {
        .object([
            "id": .number(Double(mutation.id)),
            "org": .string(mutation.org),
            "kind": .string(mutation.kind.rawValue),
            "target": .string(mutation.targetID),
            "changes": mutation.payload,
            "madeAt": .string(ServerTime.text(mutation.madeAt)),
            "baseVersion": mutation.baseVersion.map { .number(Double($0)) } ?? .null,
            "attempts": .number(Double(mutation.attempts)),
            "state": .string(mutation.state.rawValue),
            "lastError": mutation.lastError.map(JSONValue.string) ?? .null,
            "nextAttemptAt": mutation.nextAttemptAt.map { .string(ServerTime.text($0)) } ?? .null,
        ])
    }
}
