import FoundationEssentials
import MirrorJSON

/// One member on one team, from the team's member list.
public struct TeamMemberLink: Sendable, Hashable {
    /// The member id.
    public var memberID: String
    /// The member's role on the team (`contributor`, `admin`), or `nil` for the default.
    public var teamRole: String?

    public init(memberID: String, teamRole: String?) {
        self.memberID = memberID
        self.teamRole = teamRole
    }
}

enum TeamMemberLinks {
    /// The sync-state resource of one team's member list.
    static func resource(teamID: String) -> String { "team_members:" + teamID }
}

extension MirrorDatabase {
    /// Replaces the server links of one team with its complete member list.
    ///
    /// Call once the team's member list has been read to the end, after the
    /// teams listing that holds the team. Link changes are journaled as
    /// entity `team_members` with id `teamID:memberID`.
    ///
    /// - Throws: ``MirrorStoreError`` `.invalidRecord` when the team is not in
    ///   server state.
    @discardableResult
    public func replaceTeamMembers(
        org: String, teamID: String, links: [TeamMemberLink], at: Date
    ) throws -> PageChanges {
        let time = ServerTime.text(at)
        return try connection.transaction {
            guard try connection.firstRow(
                "SELECT 1 FROM server_teams WHERE org = ? AND id = ?", org, teamID, map: { _ in 1 }
            ) != nil else {
                throw MirrorStoreError(
                    kind: .invalidRecord,
                    message: "team \(teamID) of \(org) is not in the mirror; "
                        + "pull the teams listing before the team's members")
            }
            let journal = journalWriter(org: org, origin: .remote, serverTime: time)
            let before = try journalHead()
            var changes = PageChanges()
            var old: [String: String?] = [:]
            for (member, role) in try connection.rows(
                "SELECT member_id, team_role FROM server_team_members "
                    + "WHERE org = ? AND team_id = ?",
                org, teamID, map: { ($0.text(0), $0.optionalText(1)) })
            {
                old[member] = .some(role)
            }
            var new: [String: String?] = [:]
            for link in links { new[link.memberID] = .some(link.teamRole) }
            let pending = try pendingTargets(.members, org: org)

            for (member, role) in new.sorted(by: { $0.key < $1.key }) {
                if let previous = old[member] {
                    guard previous != role else {
                        changes.unchanged += 1
                        continue
                    }
                    changes.updated += 1
                } else {
                    changes.inserted += 1
                }
                try connection.run(
                    """
                    INSERT OR REPLACE INTO server_team_members (org, team_id, member_id, team_role,
                        listing)
                    VALUES (?, ?, ?, ?, 0)
                    """, org, teamID, member, role)
                try rebaseLink(
                    org: org, teamID: teamID, memberID: member, server: .some(role),
                    isPending: pending.contains(member), journal: journal)
            }
            for member in old.keys.sorted() where new[member] == nil {
                changes.removed += 1
                try connection.run(
                    "DELETE FROM server_team_members "
                        + "WHERE org = ? AND team_id = ? AND member_id = ?",
                    org, teamID, member)
                try rebaseLink(
                    org: org, teamID: teamID, memberID: member, server: nil,
                    isPending: pending.contains(member), journal: journal)
            }

            let resource = TeamMemberLinks.resource(teamID: teamID)
            let listing = try startListing(org: org, resource: resource, at: time)
            try finishListing(
                org: org, resource: resource, listing: listing, time: time, rows: new.count)
            changes.journalRows = try journalHead() - before
            return changes
        }
    }

    /// Rebases one member-team link: directly when the member has no pending
    /// mutation (the local link then equals the server link), else the whole member.
    ///
    /// - Parameters:
    ///   - server: the link as server state now holds it: `nil` for no link,
    ///     else the team role (itself `nil` for the default role).
    ///   - isPending: whether the member has a queued or sending mutation.
    private func rebaseLink(
        org: String, teamID: String, memberID: String, server: String??, isPending: Bool,
        journal: JournalWriter
    ) throws {
        guard !isPending else {
            try rebase(.members, id: memberID, journal: journal)
            return
        }
        let local = try connection.firstRow(
            "SELECT team_role FROM team_members WHERE org = ? AND team_id = ? AND member_id = ?",
            org, teamID, memberID, map: { $0.optionalText(0) })
        let entity = LinkTables.journalEntity(.members)
        let id = LinkTables.journalID(.members, owner: memberID, team: teamID)
        switch (local, server) {
        case (nil, nil):
            return
        case (let old?, nil):
            try connection.run(LinkTables.deleteLocal(.members), org, memberID, teamID)
            try journal.append(
                entity: entity, id: id, operation: .delete,
                changes: LinkTables.journalObject(
                    .members, owner: memberID, team: teamID, role: old))
        case (nil, let role?):
            try upsertLocalLink(.members, org: org, owner: memberID, team: teamID, role: role)
            try journal.append(
                entity: entity, id: id, operation: .insert,
                changes: LinkTables.journalObject(
                    .members, owner: memberID, team: teamID, role: role))
        case (let old?, let role?):
            guard old != role else { return }
            try upsertLocalLink(.members, org: org, owner: memberID, team: teamID, role: role)
            let changes: JSONValue = .object([
                "teamRole": .object([
                    "old": old.map { .string($0) } ?? .null,
                    "new": role.map { .string($0) } ?? .null,
                ])
            ])
            try journal.append(
                entity: entity, id: id, operation: .update, changes: changes.canonicalText)
        }
    }
}
