import Foundation
import MirrorStore

/// The local writes: they change the local view at once and queue a mutation
/// for `push`. They need no network.
enum WriteCommands {
    static let addMember = Command(spec: CommandSpec(
        path: ["members", "add"],
        abstract: "Invite a member (queued for push).",
        arguments: [ArgumentSpec(name: "EMAIL", help: "The address to invite.")],
        options: [
            OptionSpec(
                name: "--role", valueName: "ROLE",
                help: "member, admin, manager, owner or billing (default: member)."
            ),
            OptionSpec(
                name: "--team", valueName: "SLUG", help: "Add to team SLUG.", isRepeatable: true
            ),
            .json,
        ]
    )) { context in
        try write(context) { database, org, now in
            try database.addMember(
                org: org, email: context.positional(0) ?? "",
                role: context.arguments.value("--role") ?? "member",
                teamSlugs: context.arguments.all("--team"), madeAt: now
            )
        }
    }

    static let removeMember = Command(spec: CommandSpec(
        path: ["members", "remove"],
        abstract: "Remove a member or invite (queued for push).",
        arguments: [ArgumentSpec(name: "ID_OR_EMAIL", help: "The member's id or e-mail address.")],
        options: [.json]
    )) { context in
        try write(context) { database, org, now in
            try database.removeMember(org: org, idOrEmail: context.positional(0) ?? "", madeAt: now)
        }
    }

    static let createProject = Command(spec: CommandSpec(
        path: ["projects", "create"],
        abstract: "Create a project owned by a team (queued for push).",
        arguments: [ArgumentSpec(name: "NAME", help: "The project's name (1 to 50 characters).")],
        options: [
            OptionSpec(name: "--team", valueName: "SLUG", help: "The owning team (required)."),
            OptionSpec(
                name: "--slug", valueName: "SLUG", help: "The slug (default: made from NAME)."
            ),
            OptionSpec(name: "--platform", valueName: "P", help: "The platform, such as python."),
            .json,
        ]
    )) { context in
        guard let team = context.arguments.value("--team") else {
            throw context.usageError("--team SLUG is required: the team that owns the project.")
        }
        try write(context) { database, org, now in
            try database.createProject(
                org: org, name: context.positional(0) ?? "",
                slug: context.arguments.value("--slug"),
                platform: context.arguments.value("--platform"), teamSlug: team, madeAt: now
            )
        }
    }

    static let updateProject = Command(spec: CommandSpec(
        path: ["projects", "update"],
        abstract: "Change a project's name, slug or platform (queued for push).",
        arguments: [ArgumentSpec(name: "SLUG_OR_ID", help: "The project's slug or id.")],
        options: [
            OptionSpec(name: "--name", valueName: "N", help: "The new name."),
            OptionSpec(name: "--slug", valueName: "S", help: "The new slug."),
            OptionSpec(name: "--platform", valueName: "P", help: "The new platform."),
            .json,
        ]
    )) { context in
        try write(context) { database, org, now in
            try database.updateProject(
                org: org, idOrSlug: context.positional(0) ?? "",
                name: context.arguments.value("--name"), slug: context.arguments.value("--slug"),
                platform: context.arguments.value("--platform"), madeAt: now
            )
        }
    }

    static let deleteProject = Command(spec: CommandSpec(
        path: ["projects", "delete"],
        abstract: "Delete a project (queued for push).",
        arguments: [ArgumentSpec(name: "SLUG_OR_ID", help: "The project's slug or id.")],
        options: [.json]
    )) { context in
        try write(context) { database, org, now in
            try database.deleteProject(org: org, idOrSlug: context.positional(0) ?? "", madeAt: now)
        }
    }

    /// Opens the mirror, runs one local write and reports the queued mutation.
    ///
    /// Input the local view refuses is a usage error (exit 2) and changes nothing.
    private static func write(
        _ context: CommandContext,
        _ body: (MirrorDatabase, String, Date) throws -> PendingMutation
    ) throws {
        let database = try ServerSession.openExistingDatabase(context)
        let org = try ListCommands.organization(context, database: database)
        let mutation: PendingMutation
        do {
            mutation = try body(database, org, try LocalClock.serverNow(database: database, org: org))
        } catch let error as LocalWriteError {
            throw context.usageError(String(describing: error) + ".")
        }
        if context.wantsJSON {
            context.terminal.print(PendingCommands.json(mutation).canonicalText)
        } else {
            context.terminal.print(
                "Queued #\(mutation.id) \(mutation.kind.rawValue) \(mutation.targetID): "
                    + "the local view has changed; run 'sentry-mirror push' to send it to Sentry."
            )
        }
    }
}
