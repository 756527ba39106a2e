extension MirrorDatabase {
    /// The project of the local view with this id (digits or `local:N`) or slug.
    public func lookupProject(org: String, idOrSlug: String) throws -> ProjectRecord? {
        let byID = Self.looksLikeID(idOrSlug)
        return try connection.firstRow(
            """
            SELECT \(EntityKind.projects.columns),
                (SELECT group_concat(team_id) FROM project_teams l
                 WHERE l.org = p.org AND l.project_id = p.id)
            FROM projects p WHERE org = ? AND \(byID ? "id" : "slug") = ?
            """, org, idOrSlug
        ) { ProjectRecord(row: $0) }
    }

    /// The member of the local view with this id or e-mail address (case-insensitive).
    public func lookupMember(org: String, idOrEmail: String) throws -> MemberRecord? {
        if idOrEmail.contains("@") {
            return try connection.firstRow(
                "SELECT \(EntityKind.members.columns) FROM members "
                    + "WHERE org = ? AND email = ? COLLATE NOCASE ORDER BY id",
                org, idOrEmail
            ) { MemberRecord(row: $0) }
        }
        return try connection.firstRow(
            "SELECT \(EntityKind.members.columns) FROM members WHERE org = ? AND id = ?",
            org, idOrEmail
        ) { MemberRecord(row: $0) }
    }

    /// The team of the local view with this slug (or id).
    public func lookupTeam(org: String, slug: String) throws -> TeamRecord? {
        if Self.looksLikeID(slug) {
            return try connection.firstRow(
                "SELECT \(EntityKind.teams.columns) FROM teams WHERE org = ? AND id = ?", org, slug
            ) { TeamRecord(row: $0) }
        }
        return try localTeam(org: org, slug: slug)
    }

    /// Sentry slugs are never all digits, so digits (or a local id) name an id.
    static func looksLikeID(_ text: String) -> Bool {
        text.hasPrefix(localIDPrefix) || (!text.isEmpty && text.allSatisfy(\.isASCIIDigit))
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
