/// Every row of one organization's local view, for comparing two ways of
/// computing it (invariant 4).
public struct LocalViewContents: Sendable, Equatable {
    /// Table name → rows, each row its columns after `org`, rows sorted.
    public var tables: [String: [[SQLValue]]]
}

extension MirrorDatabase {
    /// The local-view tables of `org` as they are stored now.
    public func localViewContents(org: String) throws -> LocalViewContents {
        var tables: [String: [[SQLValue]]] = [:]
        for table in Self.localViewTables {
            let statement = try connection.makeStatement(
                "SELECT * FROM \(table) WHERE org = ? ORDER BY 2, 3")
            try statement.bind([org])
            var rows: [[SQLValue]] = []
            while try statement.step() {
                rows.append((1..<statement.columnCount).map { statement.value($0) })
            }
            tables[table] = rows
        }
        return LocalViewContents(tables: tables)
    }

    /// Recomputes every entity of `org` from server state and pending mutations.
    ///
    /// The result replaces what the incremental path stored; differences
    /// (which a correct mirror never has) are written and journaled with
    /// origin `local`. Rows are compared by their JSON and team links; the
    /// typed columns are derived from the JSON and rewritten with it.
    ///
    /// - Returns: the number of journal rows written, 0 when the view was right.
    @discardableResult
    public func rebuildLocalView(org: String) throws -> Int {
        try connection.transaction(durable: true) {
            let before = try journalHead()
            let journal = journalWriter(org: org, origin: .local, serverTime: nil)
            for kind in EntityKind.allCases {
                for id in try entityIDs(kind, org: org) {
                    try rebase(kind, id: id, journal: journal)
                }
            }
            return try journalHead() - before
        }
    }

    private static let localViewTables = [
        "teams", "members", "projects", "team_members", "project_teams",
    ]

    /// Every id that server state, the local view, the links or the outbox
    /// mention for `kind`.
    private func entityIDs(_ kind: EntityKind, org: String) throws -> [String] {
        var sources = [
            "SELECT id FROM \(kind.serverTable) WHERE org = ?1",
            "SELECT id FROM \(kind.rawValue) WHERE org = ?1",
            "SELECT target_id FROM outbox WHERE org = ?1 AND entity = '\(kind.rawValue)'",
        ]
        switch kind {
        case .members:
            sources += [
                "SELECT member_id FROM server_team_members WHERE org = ?1",
                "SELECT member_id FROM team_members WHERE org = ?1",
            ]
        case .projects:
            sources += [
                "SELECT project_id FROM server_project_teams WHERE org = ?1",
                "SELECT project_id FROM project_teams WHERE org = ?1",
            ]
        case .teams:
            break
        }
        return try connection.rows(sources.joined(separator: " UNION ") + " ORDER BY 1", org) {
            $0.text(0)
        }
    }
}
