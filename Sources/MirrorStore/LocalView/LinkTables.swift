import MirrorJSON

/// The SQL of the team links owned by members (`team_members`) and projects
/// (`project_teams`), in server state and in the local view.
///
/// Teams own no links; their functions return nothing for `.teams`.
enum LinkTables {
    /// The journal entity of a link of `kind`.
    static func journalEntity(_ kind: EntityKind) -> String {
        kind == .members ? "team_members" : "project_teams"
    }

    /// The journal id of one link: `teamID:memberID` or `projectID:teamID`.
    static func journalID(_ kind: EntityKind, owner: String, team: String) -> String {
        kind == .members ? team + ":" + owner : owner + ":" + team
    }

    /// The journal document of one link, as inserted or deleted.
    static func journalObject(
        _ kind: EntityKind, owner: String, team: String, role: String?
    ) -> String {
        if kind == .members {
            let object: JSONValue = .object([
                "teamId": .string(team), "memberId": .string(owner),
                "teamRole": role.map { .string($0) } ?? .null,
            ])
            return object.canonicalText
        }
        return JSONValue.object(["projectId": .string(owner), "teamId": .string(team)])
            .canonicalText
    }

    static func selectServer(_ kind: EntityKind) -> String? {
        switch kind {
        case .members:
            "SELECT team_id, team_role FROM server_team_members WHERE org = ? AND member_id = ?"
        case .projects:
            "SELECT team_id, NULL FROM server_project_teams WHERE org = ? AND project_id = ?"
        case .teams: nil
        }
    }

    static func selectLocal(_ kind: EntityKind) -> String? {
        switch kind {
        case .members: "SELECT team_id, team_role FROM team_members WHERE org = ? AND member_id = ?"
        case .projects: "SELECT team_id, NULL FROM project_teams WHERE org = ? AND project_id = ?"
        case .teams: nil
        }
    }

    /// Inserts or replaces one local link; arguments org, owner, team, role.
    static func upsertLocal(_ kind: EntityKind) -> String {
        kind == .members
            ? "INSERT OR REPLACE INTO team_members (org, member_id, team_id, team_role) "
                + "VALUES (?, ?, ?, ?)"
            : "INSERT OR REPLACE INTO project_teams (org, project_id, team_id) VALUES (?, ?, ?)"
    }

    /// Deletes one local link; arguments org, owner, team.
    static func deleteLocal(_ kind: EntityKind) -> String {
        kind == .members
            ? "DELETE FROM team_members WHERE org = ? AND member_id = ? AND team_id = ?"
            : "DELETE FROM project_teams WHERE org = ? AND project_id = ? AND team_id = ?"
    }
}

extension SQLiteConnection {
    /// The links of one owner read with `sql` (arguments org, owner id).
    func links(_ sql: String?, org: String, owner: String) throws -> [String: String?] {
        guard let sql else { return [:] }
        var links: [String: String?] = [:]
        for (team, role) in try rows(sql, org, owner, map: { ($0.text(0), $0.optionalText(1)) }) {
            links[team] = .some(role)
        }
        return links
    }
}
