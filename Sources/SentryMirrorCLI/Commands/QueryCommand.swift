import MirrorJSON
import MirrorStore

/// `sentry-mirror query SQL`: a read-only SQL statement against the mirror.
enum QueryCommand {
    static let spec = CommandSpec(
        path: ["query"],
        abstract: "Run a read-only SQL statement against the mirror.",
        discussion: """
            Tables: teams, members, projects, team_members, project_teams (the local view),
            server_teams, server_members, server_projects (Sentry's last known state),
            journal, outbox, sync_state. A statement that writes is refused.
            """,
        arguments: [ArgumentSpec(name: "SQL", help: "One SELECT (or other read-only) statement.")],
        options: [.json]
    )

    static let tables = "teams, members, projects, team_members, project_teams, server_teams, "
        + "server_members, server_projects, journal, outbox, sync_state"

    static let command = Command(spec: spec) { context in
        let database = try ServerSession.openExistingDatabase(context)
        let result: QueryResult
        do {
            result = try database.readOnlyQuery(sql: context.positional(0) ?? "")
        } catch let error as MirrorStoreError where error.kind == .queryNotReadOnly {
            throw context.usageError(error.message + ".")
        } catch let error as MirrorStoreError where error.kind == .sqlite {
            throw CommandFailure(
                "the query failed: \(error.message). Tables: \(tables); "
                    + "see 'sentry-mirror query --help'."
            )
        }
        if context.wantsJSON {
            let objects = result.rows.map { row in
                JSONValue.object(Dictionary(
                    zip(result.columns, row.map(json)), uniquingKeysWith: { first, _ in first }
                ))
            }
            context.terminal.print(JSONValue.array(objects).canonicalText)
        } else {
            let cells = result.rows.map { $0.map(\.description) }
            context.terminal.print(TableFormatter(columns: result.columns, rows: cells).render())
        }
    }

    private static func json(_ value: SQLValue) -> JSONValue {
        switch value {
        case .null: .null
        case .integer(let number): .number(Double(number))
        case .real(let number): .number(number)
        case .text(let text): .string(text)
        case .blob: .string(value.description)
        }
    }
}
