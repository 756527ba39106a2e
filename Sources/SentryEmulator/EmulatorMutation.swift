/// A change made "as a colleague in Sentry's web UI would": it bypasses the
/// API, is attributed to a non-member actor, and is written to the audit log.
///
/// Tests use it to make server-side changes between two pulls; the admin
/// route `POST /_emulator/mutate` takes the same operations as JSON.
public enum EmulatorMutation: Sendable, Equatable {
    /// Changes an accepted member's display name (`op: rename_member`).
    case renameMember(id: Int, name: String)
    /// Changes a member's organization role (`op: set_role`).
    case setRole(id: Int, role: String)
    /// Invites `email`; with a `name` the person is added as an accepted
    /// member at once (`op: add_member`).
    case addMember(email: String, role: String = "member", teams: [String] = [],
                   name: String? = nil)
    /// Removes a member or invite (`op: remove_member`).
    case removeMember(id: Int)
    /// Accepts a pending invite, keeping the id; `email` becomes the user's
    /// primary address when given (`op: accept_invite`).
    case acceptInvite(id: Int, name: String, email: String? = nil)
    /// Marks a pending invite as expired (`op: expire_invite`).
    case expireInvite(id: Int)
    /// Puts a member on a team (`op: add_team_member`).
    case addTeamMember(memberID: Int, team: String, role: String? = nil)
    /// Takes a member off a team (`op: remove_team_member`).
    case removeTeamMember(memberID: Int, team: String)
    /// Renames a project and/or changes its platform; a new slug leaves a
    /// redirect behind (`op: rename_project`).
    case renameProject(idOrSlug: String, slug: String? = nil, name: String? = nil,
                       platform: String? = nil)
    /// Creates a project owned by `teams` (`op: add_project`).
    case addProject(slug: String, name: String? = nil, platform: String? = nil,
                    teams: [String])
    /// Deletes a project as Sentry does: invisible at once, slug freed
    /// (`op: delete_project`).
    case deleteProject(idOrSlug: String)
}

/// Why a mutation could not be applied; nothing was changed.
public struct EmulatorMutationError: Error, CustomStringConvertible, Equatable {
    public var description: String
}

extension EmulatorState {
    /// Applies a server-side change and returns the id of the member or
    /// project it touched.
    ///
    /// - Throws: ``EmulatorMutationError`` for unknown ids, teams or slugs.
    @discardableResult
    public func apply(_ mutation: EmulatorMutation) throws -> Int {
        let now = nowMicros
        return try withData { org in try org.apply(mutation, now: now) }
    }
}

extension OrganizationData {
    private func fail(_ message: String) -> EmulatorMutationError {
        EmulatorMutationError(description: message)
    }

    private func memberIndex(_ id: Int) throws -> Int {
        guard let index = memberIndex(id: id) else { throw fail("No member with id \(id).") }
        return index
    }

    private func teamID(_ slug: String) throws -> Int {
        guard let team = team(idOrSlug: slug) else { throw fail("No team \"\(slug)\".") }
        return team.id
    }

    private func projectIndex(_ key: String) throws -> Int {
        guard let index = projectIndex(idOrSlug: key) else { throw fail("No project \"\(key)\".") }
        return index
    }

    private mutating func editMember(_ index: Int, now: Microseconds, event: String = "member.edit",
                                     data: [String: String], _ change: (inout MemberRecord) -> Void) {
        change(&members[index])
        let member = members[index]
        appendAudit(event, actor: nil, target: member.id, targetUser: member.user?.id,
                    data: data.merging(["email": member.email]) { a, _ in a },
                    note: "\(event) \(member.email)", now: now)
    }

    mutating func apply(_ mutation: EmulatorMutation, now: Microseconds) throws -> Int {
        switch mutation {
        case .renameMember(let id, let name):
            let index = try memberIndex(id)
            guard members[index].user != nil else { throw fail("Member \(id) is a pending invite.") }
            editMember(index, now: now, data: ["name": name]) { $0.user?.name = name }
            return id
        case .setRole(let id, let role):
            guard Roles.orgRoleIDs.contains(role) else { throw fail("Unknown role \"\(role)\".") }
            editMember(try memberIndex(id), now: now, data: ["role": role]) { $0.orgRole = role }
            return id
        case .addMember(let email, let role, let teams, let name):
            guard Roles.orgRoleIDs.contains(role) else { throw fail("Unknown role \"\(role)\".") }
            guard !members.contains(where: { $0.email.lowercased() == email.lowercased() }) else {
                throw fail("\(email) is already a member or invited.")
            }
            let teamIDs = try teams.map(teamID)
            let user = name.map { UserRecord(id: makeID(), name: $0, email: email, dateJoined: now) }
            return addMember(email: email, role: role, teamIDs: teamIDs, user: user, actor: nil,
                             now: now).id
        case .removeMember(let id):
            removeMember(at: try memberIndex(id), actor: nil, now: now)
            return id
        case .acceptInvite(let id, let name, let email):
            let index = try memberIndex(id)
            guard members[index].isPending else { throw fail("Member \(id) is not pending.") }
            let user = UserRecord(id: makeID(), name: name, email: email ?? members[index].email,
                                  dateJoined: now)
            editMember(index, now: now, event: "member.accept-invite", data: [:]) {
                $0.user = user
                $0.email = user.email
                $0.expired = false
            }
            return id
        case .expireInvite(let id):
            let index = try memberIndex(id)
            guard members[index].isPending else { throw fail("Member \(id) is not pending.") }
            members[index].expired = true
            return id
        case .addTeamMember(let memberID, let team, let role):
            let index = try memberIndex(memberID)
            let teamID = try teamID(team)
            guard !members[index].teams.contains(where: { $0.teamID == teamID }) else { return memberID }
            editMember(index, now: now, event: "member.join-team", data: ["team_slug": team]) {
                $0.teams.append(TeamLink(teamID: teamID, role: role))
            }
            return memberID
        case .removeTeamMember(let memberID, let team):
            let index = try memberIndex(memberID)
            let teamID = try teamID(team)
            editMember(index, now: now, event: "member.leave-team", data: ["team_slug": team]) {
                $0.teams.removeAll { $0.teamID == teamID }
            }
            return memberID
        case .renameProject(let key, let slug, let name, let platform):
            let index = try projectIndex(key)
            if let slug {
                guard Validation.isValidSlug(slug) else { throw fail("Invalid slug \"\(slug)\".") }
                guard !isSlugTaken(slug) || projects[index].slug == slug else {
                    throw fail("Slug \"\(slug)\" is taken.")
                }
            }
            editProject(at: index, name: name, slug: slug, platform: platform, actor: nil, now: now)
            return projects[index].id
        case .addProject(let slug, let name, let platform, let teams):
            guard Validation.isValidSlug(slug), !isSlugTaken(slug) else {
                throw fail("Slug \"\(slug)\" is invalid or taken.")
            }
            let teamIDs = try teams.map(teamID)
            return createProject(name: name ?? slug, slug: slug, platform: platform,
                                 teamIDs: teamIDs, actor: nil, now: now).id
        case .deleteProject(let key):
            let index = try projectIndex(key)
            deleteProject(at: index, actor: nil, now: now)
            return projects[index].id
        }
    }
}
