import Foundation

/// Renders the organization's records in Sentry's JSON shapes.
///
/// Built independently of the client's models (see CONTRACT.md §5, §6.1,
/// §9.1 and the examples folder) so that a misunderstanding on one side shows
/// up as a failing test instead of cancelling out.
struct SentryJSON {
    let org: OrganizationData
    /// The member the request acts as, for `isMember` and friends.
    let caller: MemberRecord?

    /// Serializes with sorted keys and unescaped slashes: stable bytes.
    static func encode(_ object: Any) -> Data {
        // Only our own dictionaries, arrays, strings, numbers and NSNull reach
        // this point, which JSONSerialization always accepts.
        (try? JSONSerialization.data(
            withJSONObject: object,
            options: [.sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed]
        )) ?? Data("null".utf8)
    }

    // MARK: Organization

    func organizationSummary() -> [String: Any] {
        [
            "id": String(org.id),
            "slug": org.slug,
            "name": org.name,
            "dateCreated": TimeFormatting.iso8601(org.dateCreated),
            "status": ["id": "active", "name": "active"],
            "avatar": ["avatarType": "letter_avatar", "avatarUuid": NSNull()],
            "isEarlyAdopter": false,
            "require2FA": false,
            "hasAuthProvider": false,
            "allowMemberInvite": true,
            "allowMemberProjectCreation": true,
            "allowSuperuserAccess": false,
            "features": ["team-roles"],
            "links": [
                "organizationUrl": "https://\(org.slug).sentry.io",
                "regionUrl": "https://us.sentry.io",
            ],
        ]
    }

    // MARK: Users and members

    func user(_ user: UserRecord) -> [String: Any] {
        [
            "id": String(user.id),
            "name": user.name,
            "username": user.email,
            "email": user.email,
            "avatarUrl": NSNull(),
            "isActive": true,
            "isSuspended": false,
            "hasPasswordAuth": true,
            "isManaged": false,
            "dateJoined": TimeFormatting.iso8601(user.dateJoined),
            "lastLogin": NSNull(),
            "has2fa": false,
            "lastActive": NSNull(),
            "isSuperuser": false,
            "isStaff": false,
            "experiments": [String: Any](),
            "avatar": ["avatarType": "letter_avatar", "avatarUuid": NSNull()],
        ]
    }

    /// The base member fields shared by list, create and detail responses.
    func member(_ member: MemberRecord) -> [String: Any] {
        [
            "id": String(member.id),
            "email": member.email,
            "name": member.name,
            "user": member.user.map { user($0) } ?? NSNull(),
            "orgRole": member.orgRole,
            "role": member.orgRole,
            "roleName": Roles.displayName(member.orgRole),
            "pending": member.isPending,
            "expired": member.expired,
            "flags": [
                "idp:provisioned": false,
                "idp:role-restricted": false,
                "sso:linked": false,
                "sso:invalid": false,
                "member-limit:restricted": false,
                "partnership:restricted": false,
            ],
            "dateCreated": TimeFormatting.iso8601(member.dateCreated),
            "inviteStatus": "approved",
            "inviterName": member.inviterName ?? NSNull(),
        ]
    }

    /// `GET …/members/{id}/`: the base fields plus teams and role lists.
    func memberDetail(_ member: MemberRecord) -> [String: Any] {
        var json = self.member(member)
        let links = member.teams.compactMap { link in org.team(id: link.teamID).map { (link, $0) } }
        json["teams"] = links.map { $0.1.slug }
        json["teamRoles"] = links.map { link -> [String: Any] in
            ["teamSlug": link.1.slug, "role": link.0.role.map { $0 as Any } ?? NSNull()]
        }
        json["invite_link"] = NSNull()
        let owners = org.members.filter { $0.orgRole == "owner" && !$0.isPending }
        json["isOnlyOwner"] = member.orgRole == "owner" && owners.count == 1
        json["orgRoleList"] = Roles.orgRoleList()
        json["roles"] = Roles.orgRoleList()
        json["teamRoleList"] = Roles.teamRoleList()
        return json
    }

    /// `GET /teams/{org}/{team}/members/`: base fields plus the team role.
    func teamMember(_ member: MemberRecord, team: TeamRecord) -> [String: Any] {
        var json = self.member(member)
        let link = member.teams.first { $0.teamID == team.id }
        json["teamRole"] = link?.role ?? "contributor"
        json["teamSlug"] = team.slug
        return json
    }

    // MARK: Teams

    func teamReference(_ team: TeamRecord) -> [String: Any] {
        ["id": String(team.id), "slug": team.slug, "name": team.name]
    }

    func team(_ team: TeamRecord, detailed: Bool) -> [String: Any] {
        let link = caller?.teams.first { $0.teamID == team.id }
        var json: [String: Any] = [
            "id": String(team.id),
            "slug": team.slug,
            "name": team.name,
            "dateCreated": TimeFormatting.iso8601(team.dateCreated),
            "isMember": link != nil,
            "teamRole": link.map { $0.role ?? "contributor" } ?? NSNull(),
            "flags": ["idp:provisioned": false],
            "access": Roles.teamAccess,
            "hasAccess": true,
            "isPending": false,
            "memberCount": org.members.filter { m in m.teams.contains { $0.teamID == team.id } }
                .count,
            "avatar": ["avatarType": "letter_avatar", "avatarUuid": NSNull(), "avatarUrl": NSNull()],
        ]
        if detailed {
            json["projects"] = org.visibleProjects.filter { $0.teamIDs.contains(team.id) }
                .map { projectSummary($0) }
            json["externalTeams"] = [Any]()
        }
        return json
    }

    // MARK: Projects

    func projectSummary(_ project: ProjectRecord) -> [String: Any] {
        let teams = project.teamIDs.compactMap { org.team(id: $0) }
        let isMember = caller.map { c in c.teams.contains { project.teamIDs.contains($0.teamID) } }
        var json: [String: Any] = [
            "id": String(project.id),
            "slug": project.slug,
            "name": project.name,
            "platform": project.platform ?? NSNull(),
            "dateCreated": TimeFormatting.iso8601(project.dateCreated),
            "isBookmarked": false,
            "isMember": isMember ?? false,
            "hasAccess": true,
            "access": Roles.projectAccess,
            "features": ["releases", "alert-filters", "rate-limits"],
            "firstEvent": NSNull(),
            "firstTransactionEvent": false,
            "team": teams.first.map { teamReference($0) } ?? NSNull(),
            "teams": teams.map { teamReference($0) },
            "platforms": project.platform.map { [$0] } ?? [],
            "environments": [String](),
            "latestRelease": NSNull(),
            "hasUserReports": false,
        ]
        for flag in ["hasSessions", "hasProfiles", "hasReplays", "hasFlags", "hasMonitors",
                     "hasFeedbacks", "hasNewFeedbacks", "hasMinifiedStackTrace", "hasLogs"] {
            json[flag] = false
        }
        return json
    }

    func projectDetail(_ project: ProjectRecord) -> [String: Any] {
        var json = projectSummary(project)
        json["status"] = "active"
        json["isInternal"] = false
        json["isPublic"] = false
        json["avatar"] = ["avatarType": "letter_avatar", "avatarUuid": NSNull(), "avatarUrl": NSNull()]
        json["color"] = String(format: "#%06x", (project.id &* 2_654_435_761) & 0xFFFFFF)
        json["organization"] = organizationSummary()
        json["options"] = [String: Any]()
        json["digestsMinDelay"] = 300
        json["digestsMaxDelay"] = 1800
        json["subjectPrefix"] = ""
        json["subjectTemplate"] = "$shortID - $title"
        json["resolveAge"] = 0
        json["allowedDomains"] = ["*"]
        json["defaultEnvironment"] = NSNull()
        json["dynamicSamplingBiases"] = NSNull()
        return json
    }

    // MARK: Audit log

    func auditRow(_ row: AuditRecord) -> [String: Any] {
        let actor: [String: Any]
        if let id = row.actorMemberID, let member = org.members.first(where: { $0.id == id }),
           let user = member.user {
            actor = self.user(user)
        } else {
            actor = ["name": "Colleague (web UI)"]
        }
        let target = row.targetUserID.flatMap { id in
            org.members.compactMap(\.user).first { $0.id == id }
        }
        return [
            "id": String(row.id),
            "actor": actor,
            "event": row.event,
            "ipAddress": "127.0.0.1",
            "note": row.note,
            "targetObject": row.targetObject,
            "targetUser": target.map { user($0) } ?? NSNull(),
            "data": row.data,
            "dateCreated": TimeFormatting.iso8601(row.dateCreated),
        ]
    }
}
