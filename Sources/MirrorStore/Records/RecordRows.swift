import MirrorJSON

/// The typed columns of each entity table, shared by server state and local view.
///
/// Server tables add `version`, `first_seen_at`, `confirmed_at` and `listing`
/// after these columns.
extension EntityKind {
    /// The entity columns after `org`, in table order.
    var columns: String {
        switch self {
        case .teams: "id, slug, name, date_created, member_count, json"
        case .members:
            "id, email, name, role, pending, expired, user_id, invite_status, date_created, json"
        case .projects: "id, slug, name, platform, date_created, json"
        }
    }

    /// One `?` per column of ``columns``.
    var placeholders: String {
        switch self {
        case .teams: "?, ?, ?, ?, ?, ?"
        case .members: "?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
        case .projects: "?, ?, ?, ?, ?, ?"
        }
    }
}

extension TeamRecord {
    /// Reads the columns of ``EntityKind/columns`` starting at column 0.
    init(row: Statement) {
        id = row.text(0)
        slug = row.text(1)
        name = row.text(2)
        dateCreated = row.optionalText(3)
        memberCount = row.optionalInt(4)
        json = row.text(5)
    }

    var columnValues: [SQLArgument?] { [id, slug, name, dateCreated, memberCount, json] }
}

extension MemberRecord {
    /// Reads the columns of ``EntityKind/columns`` starting at column 0.
    init(row: Statement) {
        id = row.text(0)
        email = row.text(1)
        name = row.optionalText(2)
        orgRole = row.text(3)
        pending = row.bool(4)
        expired = row.bool(5)
        userID = row.optionalText(6)
        inviteStatus = row.optionalText(7)
        dateCreated = row.optionalText(8)
        json = row.text(9)
    }

    var columnValues: [SQLArgument?] {
        [id, email, name, orgRole, pending, expired, userID, inviteStatus, dateCreated, json]
    }
}

extension ProjectRecord {
    /// Reads the columns of ``EntityKind/columns`` starting at column 0, then the
    /// team ids joined by commas in column 6.
    init(row: Statement) {
        id = row.text(0)
        slug = row.text(1)
        name = row.text(2)
        platform = row.optionalText(3)
        dateCreated = row.optionalText(4)
        json = row.text(5)
        let teams = row.optionalText(6) ?? ""
        teamIDs = teams.isEmpty ? [] : teams.split(separator: ",").map(String.init).sorted()
    }

    var columnValues: [SQLArgument?] { [id, slug, name, platform, dateCreated, json] }
}

/// The column values of any record, for the `INSERT` of its table.
func columnValues(of record: any MirrorRecord) -> [SQLArgument?] {
    switch record {
    case let team as TeamRecord: team.columnValues
    case let member as MemberRecord: member.columnValues
    case let project as ProjectRecord: project.columnValues
    default: preconditionFailure("MirrorRecord is implemented by the store's three records only")
    }
}

/// Builds the record of `kind` from a JSON object.
func makeRecord(_ kind: EntityKind, json: JSONValue) throws -> any MirrorRecord {
    switch kind {
    case .teams: try TeamRecord(json: json)
    case .members: try MemberRecord(json: json)
    case .projects: try ProjectRecord(json: json)
    }
}

