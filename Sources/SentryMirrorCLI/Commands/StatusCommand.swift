import Foundation
import MirrorJSON
import MirrorStore

/// `sentry-mirror status`: what the mirror holds, per organization and resource.
enum StatusCommand {
    static let spec = CommandSpec(
        path: ["status"],
        abstract: "Show what the mirror holds: counts, last pull, pending mutations.",
        options: [.json]
    )

    static let command = Command(spec: spec) { context in
        let database = try ServerSession.openExistingDatabase(context)
        let statuses = try database.status(org: context.organizationIfGiven)
        if context.wantsJSON {
            context.terminal.print(JSONValue.array(statuses.map(json)).canonicalText)
            return
        }
        guard !statuses.isEmpty else {
            context.terminal.print("The mirror at \(context.databasePath) is empty: run 'pull'.")
            return
        }
        for status in statuses {
            context.terminal.print(
                "\(status.org): \(status.pendingMutations) pending, "
                    + "\(status.failedMutations) failed, journal at \(status.journalHead)"
            )
            let rows = status.resources.map { resource in
                [
                    resource.kind.rawValue, String(resource.localRows),
                    String(resource.serverRows), String(resource.pendingMutations),
                    resource.lastCompletedPull.map(ServerTime.text) ?? "never",
                    resource.listingInProgress ? "interrupted" : "",
                ]
            }
            let table = TableFormatter(
                columns: ["RESOURCE", "LOCAL", "SERVER", "PENDING", "LAST PULL", ""], rows: rows
            )
            context.terminal.print(table.render())
        }
    }

    private static func json(_ status: OrganizationStatus) -> JSONValue {
        var resources: [String: JSONValue] = [:]
        for resource in status.resources {
            resources[resource.kind.rawValue] = .object([
                "local": .number(Double(resource.localRows)),
                "server": .number(Double(resource.serverRows)),
                "pending": .number(Double(resource.pendingMutations)),
                "lastPull": resource.lastCompletedPull.map { .string(ServerTime.text($0)) } ?? .null,
                "listingInProgress": .bool(resource.listingInProgress),
            ])
        }
        return .object([
            "organization": .string(status.org),
            "pendingMutations": .number(Double(status.pendingMutations)),
            "failedMutations": .number(Double(status.failedMutations)),
            "journalHead": .number(Double(status.journalHead)),
            "resources": .object(resources),
        ])
    }
}
