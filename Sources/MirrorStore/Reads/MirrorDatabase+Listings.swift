/// Which of the two states a listing reads.
public enum MirrorSource: Sendable, Hashable {
    /// The local view: server state with pending mutations applied.
    case local
    /// Sentry's last known state (`--server`).
    case server
}

/// A row of a listing, with whether pending mutations change it.
public struct ListedRow<Record: MirrorRecord & Equatable>: Sendable, Equatable {
    public let record: Record
    /// Whether a queued or sending mutation targets this entity.
    public let hasPendingChanges: Bool
}

extension MirrorDatabase {
    /// The teams of `org`, sorted by slug.
    public func teams(
        org: String, source: MirrorSource = .local
    ) throws -> [ListedRow<TeamRecord>] {
        try list(.teams, org: org, source: source, order: "slug", extra: "") {
            TeamRecord(row: $0)
        }
    }

    /// The members of `org`, sorted by e-mail address.
    public func members(
        org: String, source: MirrorSource = .local
    ) throws -> [ListedRow<MemberRecord>] {
        try list(.members, org: org, source: source, order: "email", extra: "") {
            MemberRecord(row: $0)
        }
    }

    /// The projects of `org`, sorted by slug, with their team ids.
    public func projects(
        org: String, source: MirrorSource = .local
    ) throws -> [ListedRow<ProjectRecord>] {
        let links = source == .local ? "project_teams" : "server_project_teams"
        let teams = ", (SELECT group_concat(team_id) FROM \(links) l "
            + "WHERE l.org = e.org AND l.project_id = e.id)"
        return try list(.projects, org: org, source: source, order: "slug", extra: teams) {
            ProjectRecord(row: $0)
        }
    }

    /// The team ids of one member, with the member's role on each team.
    public func teamMemberships(
        org: String, memberID: String, source: MirrorSource = .local
    ) throws -> [TeamMemberLink] {
        let table = source == .local ? "team_members" : "server_team_members"
        return try connection.rows(
            "SELECT team_id, team_role FROM \(table) WHERE org = ? AND member_id = ? "
                + "ORDER BY team_id", org, memberID
        ) { TeamMemberLink(memberID: $0.text(0), teamRole: $0.optionalText(1)) }
    }

    private func list<Record>(
        _ kind: EntityKind, org: String, source: MirrorSource, order: String, extra: String,
        read: (Statement) -> Record
    ) throws -> [ListedRow<Record>] {
        let table = source == .local ? kind.rawValue : kind.serverTable
        let columns = kind.columns.split(separator: ",")
            .map { "e." + $0.trimmingPrefix(" ") }.joined(separator: ", ")
        let pendingColumn = 6 + (kind == .members ? 4 : 0) + (extra.isEmpty ? 0 : 1)
        return try connection.rows(
            """
            SELECT \(columns)\(extra),
                EXISTS (SELECT 1 FROM outbox o WHERE o.org = e.org AND o.entity = ?
                    AND o.target_id = e.id AND o.state IN ('queued', 'sending'))
            FROM \(table) e WHERE e.org = ? ORDER BY e.\(order), e.id
            """, kind.rawValue, org
        ) { ListedRow(record: read($0), hasPendingChanges: $0.bool(pendingColumn)) }
    }
}
