/// Microseconds since 1970-01-01T00:00:00Z; the emulator's only time type, so
/// that generated data renders to the same bytes on every run.
typealias Microseconds = Int64

/// An account that can be bound to a membership.
struct UserRecord: Sendable, Equatable {
    var id: Int
    var name: String
    var email: String
    var dateJoined: Microseconds
}

/// A member's link to a team; `role` is `"contributor"`, `"admin"` or nil.
struct TeamLink: Sendable, Equatable {
    var teamID: Int
    var role: String?
}

/// An organization membership or a pending invite (`user == nil`).
struct MemberRecord: Sendable, Equatable {
    var id: Int
    /// The invited address while pending; the user's primary e-mail once accepted.
    var email: String
    var user: UserRecord?
    var orgRole: String
    var expired: Bool
    var dateCreated: Microseconds
    var inviterName: String?
    var teams: [TeamLink]

    var isPending: Bool { user == nil }
    /// The display name: the user's name, or the e-mail for pending invites.
    var name: String { user?.name ?? email }
}

struct TeamRecord: Sendable, Equatable {
    var id: Int
    var slug: String
    var name: String
    var dateCreated: Microseconds
}

struct ProjectRecord: Sendable, Equatable {
    var id: Int
    var slug: String
    var name: String
    var platform: String?
    var dateCreated: Microseconds
    var teamIDs: [Int]
    /// Set by DELETE: the project is pending deletion and invisible.
    var isDeleted: Bool = false
}

/// One row of the organization's audit log.
struct AuditRecord: Sendable, Equatable {
    var id: Int
    var event: String
    /// The acting member's id, or nil for the emulator's "colleague" actor.
    var actorMemberID: Int?
    var targetObject: Int
    var targetUserID: Int?
    var data: [String: String]
    var note: String
    var dateCreated: Microseconds
}

/// The whole organization, as one value so a reset can restore it.
struct OrganizationData: Sendable, Equatable {
    var id: Int
    var slug: String
    var name: String
    var dateCreated: Microseconds
    var teams: [TeamRecord] = []
    /// Kept in ascending id order (new ids only grow).
    var members: [MemberRecord] = []
    var projects: [ProjectRecord] = []
    /// Old project slug → project id, recorded by renames.
    var redirects: [String: Int] = [:]
    var audit: [AuditRecord] = []
    /// The next id handed out to any new row.
    var nextID: Int = 1

    mutating func makeID() -> Int {
        defer { nextID += 1 }
        return nextID
    }

    func team(idOrSlug: String) -> TeamRecord? {
        if let id = Int(idOrSlug), idOrSlug.allSatisfy(\.isASCIIDigit) {
            return teams.first { $0.id == id }
        }
        return teams.first { $0.slug == idOrSlug }
    }

    func team(id: Int) -> TeamRecord? {
        teams.first { $0.id == id }
    }

    func memberIndex(id: Int) -> Int? {
        members.firstIndex { $0.id == id }
    }

    /// The visible project with this id or slug (deleted ones are invisible).
    func projectIndex(idOrSlug: String) -> Int? {
        if let id = Int(idOrSlug), idOrSlug.allSatisfy(\.isASCIIDigit) {
            return projects.firstIndex { $0.id == id && !$0.isDeleted }
        }
        return projects.firstIndex { $0.slug == idOrSlug && !$0.isDeleted }
    }

    /// The member every token acts as: the first accepted owner.
    var actingMember: MemberRecord? {
        members.first { $0.orgRole == "owner" && !$0.isPending }
    }

    var visibleProjects: [ProjectRecord] {
        projects.filter { !$0.isDeleted }.sorted { $0.slug < $1.slug }
    }

    var sortedTeams: [TeamRecord] {
        teams.sorted { $0.slug < $1.slug }
    }

    /// Makes `nextID` larger than every id in use, after loading data.
    mutating func normalizeIDs() {
        let all = teams.map(\.id) + members.map(\.id) + projects.map(\.id)
            + members.compactMap { $0.user?.id } + [id]
        nextID = max(nextID, (all.max() ?? 0) + 1)
        members.sort { $0.id < $1.id }
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
