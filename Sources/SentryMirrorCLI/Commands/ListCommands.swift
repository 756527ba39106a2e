import Foundation
import MirrorJSON
import MirrorStore

/// `teams list`, `members list` and `projects list`: the local view (or `--server`).
enum ListCommands {
    static let serverOption = OptionSpec(
        name: "--server", help: "Show Sentry's last known state instead of the local view."
    )

    static let teams = Command(
        spec: CommandSpec(
            path: ["teams", "list"], abstract: "List the mirrored teams.",
            options: [.json, serverOption]
        )
    ) { context in
        let (database, org, source) = try open(context)
        let rows = try database.teams(org: org, source: source)
        print(context, rows.map { row in
            Row(pending: row.hasPendingChanges, fields: [
                ("id", .string(row.record.id)), ("slug", .string(row.record.slug)),
                ("name", .string(row.record.name)),
                ("memberCount", row.record.memberCount.map { .number(Double($0)) } ?? .null),
            ])
        })
    }

    static let members = Command(
        spec: CommandSpec(
            path: ["members", "list"], abstract: "List the mirrored members and invites.",
            options: [.json, serverOption]
        )
    ) { context in
        let (database, org, source) = try open(context)
        let rows = try database.members(org: org, source: source)
        print(context, rows.map { row in
            let member = row.record
            return Row(pending: row.hasPendingChanges, fields: [
                ("id", .string(member.id)), ("email", .string(member.email)),
                ("name", member.name.map(JSONValue.string) ?? .null),
                ("role", .string(member.orgRole)), ("invitePending", .bool(member.pending)),
                ("expired", .bool(member.expired)),
            ])
        })
    }

    static let projects = Command(
        spec: CommandSpec(
            path: ["projects", "list"], abstract: "List the mirrored projects.",
            options: [.json, serverOption]
        )
    ) { context in
        let (database, org, source) = try open(context)
        let rows = try database.projects(org: org, source: source)
        let teamSlugs = Dictionary(
            try database.teams(org: org, source: source).map { ($0.record.id, $0.record.slug) },
            uniquingKeysWith: { first, _ in first }
        )
        print(context, rows.map { row in
            let project = row.record
            return Row(pending: row.hasPendingChanges, fields: [
                ("id", .string(project.id)), ("slug", .string(project.slug)),
                ("name", .string(project.name)),
                ("platform", project.platform.map(JSONValue.string) ?? .null),
                ("teams", .array(project.teamIDs.map { .string(teamSlugs[$0] ?? $0) })),
            ])
        })
    }

    /// One listed row: ordered fields and whether pending mutations change it.
    struct Row {
        var pending: Bool
        var fields: [(String, JSONValue)]
    }

    private static func open(
        _ context: CommandContext
    ) throws -> (MirrorDatabase, String, MirrorSource) {
        let database = try ServerSession.openExistingDatabase(context)
        let org = try organization(context, database: database)
        return (database, org, context.arguments.has("--server") ? .server : .local)
    }

    /// The organization given, or the only one in the mirror.
    static func organization(_ context: CommandContext, database: MirrorDatabase) throws -> String {
        let orgs = try database.organizations()
        if let org = context.organizationIfGiven {
            guard orgs.contains(org) else {
                let held = orgs.isEmpty ? "none yet" : orgs.joined(separator: ", ")
                throw context.usageError(
                    "the mirror holds no organization '\(org)' (it holds \(held)): "
                        + "check --org or SENTRY_ORG, or pull it first."
                )
            }
            return org
        }
        guard orgs.count == 1, let only = orgs.first else {
            throw context.usageError(
                orgs.isEmpty
                    ? "the mirror holds no organization yet: run 'sentry-mirror pull --org SLUG'."
                    : "the mirror holds several organizations (\(orgs.joined(separator: ", "))): "
                        + "pass --org SLUG."
            )
        }
        return only
    }

    private static func print(_ context: CommandContext, _ rows: [Row]) {
        if context.wantsJSON {
            let objects = rows.map { row in
                var object = Dictionary(uniqueKeysWithValues: row.fields)
                object["hasPendingChanges"] = .bool(row.pending)
                return JSONValue.object(object)
            }
            context.terminal.print(JSONValue.array(objects).canonicalText)
            return
        }
        guard let first = rows.first else {
            context.terminal.print("(none)")
            return
        }
        let columns = first.fields.map { $0.0.uppercased() } + ["PENDING"]
        let cells = rows.map { row in
            row.fields.map { cell($0.1) } + [row.pending ? "*" : ""]
        }
        context.terminal.print(TableFormatter(columns: columns, rows: cells).render())
    }

    private static func cell(_ value: JSONValue) -> String {
        switch value {
        case .null: ""
        case .string(let text): text
        case .bool(let flag): flag ? "yes" : "no"
        case .array(let items): items.map(cell).joined(separator: ",")
        default: value.canonicalText
        }
    }
}
