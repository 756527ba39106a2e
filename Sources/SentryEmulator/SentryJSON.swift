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


    // MARK: Organization

    func organizationSummary() -> JSONNode {
        [
            "id": String(org.id),
            "slug": org.slug,
            "name": org.name,
            "dateCreated": TimeFormatting.iso8601(org.dateCreated),
            "status": ["id": "active", "name": "active"],
            "avatar": ["avatarType": "letter_avatar", "avatarUuid": JSONNode.null],
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

    func user(_ user: UserRecord) -> JSONNode {
        [
            "id": String(user.id),
            "name": user.name,
            "username": user.email,
            "email": user.email,
            "avatarUrl": JSONNode.null,
            "isActive": true,
            "isSuspended": false,
            "hasPasswordAuth": true,
            "isManaged": false,
            "dateJoined": TimeFormatting.iso8601(user.dateJoined),
            "lastLogin": JSONNode.null,
            "has2fa": false,
            "lastActive": JSONNode.null,
            "isSuperuser": false,
            "isStaff": false,
            "experiments": JSONNode.object([]),
            "avatar": ["avatarType": "letter_avatar", "avatarUuid": JSONNode.null],
        ]
    }

    /// The base member fields shared by list, create and detail responses.
    func member(_ member: MemberRecord) -> JSONNode {
        [
            "id": String(member.id),
            "email": member.email,
            "name": member.name,
            "user": member.user.map { user($0) } ?? JSONNode.null,
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
            "inviterName": member.inviterName ?? JSONNode.null,
        ]
    }

    /// `GET …/members/{id}/`: the base fields plus teams and role lists.
    func memberDetail(_ member: MemberRecord) -> JSONNode {
        var json = self.member(member)
        let links = member.teams.compactMap { link in org.team(id: link.teamID).map { (link, $0) } }
        json["teams"] = links.map { $0.1.slug }.jsonNode
        json["teamRoles"] = .array(links.map { link -> JSONNode in
            ["teamSlug": link.1.slug, "role": link.0.role]
        })
        json["invite_link"] = JSONNode.null
        let owners = org.members.filter { $0.orgRole == "owner" && !$0.isPending }
        json["isOnlyOwner"] = .bool(member.orgRole == "owner" && owners.count == 1)
        json["orgRoleList"] = Roles.orgRoleList()
        json["roles"] = Roles.orgRoleList()
        json["teamRoleList"] = Roles.teamRoleList()
        return json
    }

    /// `GET /teams/{org}/{team}/members/`: base fields plus the team role.
    func teamMember(_ member: MemberRecord, team: TeamRecord) -> JSONNode {
        var json = self.member(member)
        let link = member.teams.first { $0.teamID == team.id }
        json["teamRole"] = .string(link?.role ?? "contributor")
        json["teamSlug"] = .string(team.slug)
        return json
    }

    // MARK: Teams

    func teamReference(_ team: TeamRecord) -> JSONNode {
        ["id": String(team.id), "slug": team.slug, "name": team.name]
    }

    /// Team JSON; pass `memberCount` when rendering many teams (counting
    /// scans every member).
    func team(_ team: TeamRecord, detailed: Bool, memberCount: Int? = nil) -> JSONNode {
        let count = memberCount
            ?? org.members.filter { m in m.teams.contains { $0.teamID == team.id } }.count
        let link = caller?.teams.first { $0.teamID == team.id }
        var json: JSONNode = [
            "id": String(team.id),
            "slug": team.slug,
            "name": team.name,
            "dateCreated": TimeFormatting.iso8601(team.dateCreated),
            "isMember": link != nil,
            "teamRole": link.map { $0.role ?? "contributor" } ?? JSONNode.null,
            "flags": ["idp:provisioned": false],
            "access": Roles.teamAccess,
            "hasAccess": true,
            "isPending": false,
            "memberCount": count,
            "avatar": ["avatarType": "letter_avatar", "avatarUuid": JSONNode.null, "avatarUrl": JSONNode.null],
        ]
        if detailed {
            json["projects"] = .array(org.visibleProjects.filter { $0.teamIDs.contains(team.id) }
                .map { projectSummary($0) })
            json["externalTeams"] = JSONNode.array([])
        }
        return json
    }

    // MARK: Projects

    func projectSummary(_ project: ProjectRecord) -> JSONNode {
        let teams = project.teamIDs.compactMap { org.team(id: $0) }
        let isMember = caller.map { c in c.teams.contains { project.teamIDs.contains($0.teamID) } }
        var json: JSONNode = [
            "id": String(project.id),
            "slug": project.slug,
            "name": project.name,
            "platform": project.platform ?? JSONNode.null,
            "dateCreated": TimeFormatting.iso8601(project.dateCreated),
            "isBookmarked": false,
            "isMember": isMember ?? false,
            "hasAccess": true,
            "access": Roles.projectAccess,
            "features": ["releases", "alert-filters", "rate-limits"],
            "firstEvent": JSONNode.null,
            "firstTransactionEvent": false,
            "team": teams.first.map { teamReference($0) } ?? JSONNode.null,
            "teams": JSONNode.array(teams.map { teamReference($0) }),
            "platforms": project.platform.map { [$0] } ?? [],
            "environments": [String](),
            "latestRelease": JSONNode.null,
            "hasUserReports": false,
        ]
        for flag in ["hasSessions", "hasProfiles", "hasReplays", "hasFlags", "hasMonitors",
                     "hasFeedbacks", "hasNewFeedbacks", "hasMinifiedStackTrace", "hasLogs"] {
            json[flag] = .bool(false)
        }
        return json
    }

    func projectDetail(_ project: ProjectRecord) -> JSONNode {
        var json = projectSummary(project)
        json["status"] = "active"
        json["isInternal"] = .bool(false)
        json["isPublic"] = .bool(false)
        json["avatar"] = [
            "avatarType": "letter_avatar", "avatarUuid": JSONNode.null, "avatarUrl": JSONNode.null,
        ]
        // A stable pseudo-random colour per project, always six hex digits.
        let color = (project.id &* 2_654_435_761) & 0xFFFFFF | 0x1000000
        json["color"] = .string("#" + String(color, radix: 16).dropFirst())
        json["organization"] = organizationSummary()
        json["options"] = JSONNode.object([])
        json["digestsMinDelay"] = .int(300)
        json["digestsMaxDelay"] = .int(1800)
        json["subjectPrefix"] = ""
        json["subjectTemplate"] = "$shortID - $title"
        json["resolveAge"] = .int(0)
        json["allowedDomains"] = ["*"]
        json["defaultEnvironment"] = JSONNode.null
        json["dynamicSamplingBiases"] = JSONNode.null
        return json
    }

    // MARK: Audit log

    func auditRow(_ row: AuditRecord) -> JSONNode {
        let actor: JSONNode
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
            "targetUser": target.map { user($0) } ?? JSONNode.null,
            "data": row.data.jsonNode,
            "dateCreated": TimeFormatting.iso8601(row.dateCreated),
        ]
    }
}
