/// Sentry's open-source default organization and team roles (CONTRACT.md §2.6).
enum Roles {
    struct OrgRole {
        var id: String
        var name: String
        var desc: String
        var scopes: [String]
        var isRetired = false
        var isGlobal = false
        var isTeamRolesAllowed = true
        var minimumTeamRole = "contributor"
    }

    private static let memberScopes = [
        "org:read", "member:read", "member:invite", "team:read", "project:read",
        "project:releases", "event:read", "event:write", "event:admin",
        "alerts:read", "alerts:write",
    ]
    private static let managerScopes = memberScopes + [
        "member:write", "member:admin", "org:write", "org:integrations",
        "project:write", "project:admin", "team:write", "team:admin",
    ]

    static let orgRoles: [OrgRole] = [
        OrgRole(id: "billing", name: "Billing",
                desc: "Can manage subscription and billing details.",
                scopes: ["org:billing"], isTeamRolesAllowed: false),
        OrgRole(id: "member", name: "Member",
                desc: "Members can view and act on events, as well as view most other data "
                    + "within the organization.",
                scopes: memberScopes),
        OrgRole(id: "admin", name: "Admin",
                desc: "Admin privileges on any teams of which they're a member.",
                scopes: memberScopes + ["team:write", "team:admin", "project:write",
                                        "project:admin", "org:integrations"],
                isRetired: true, minimumTeamRole: "admin"),
        OrgRole(id: "manager", name: "Manager",
                desc: "Gains admin access on all teams as well as the ability to add and "
                    + "remove members.",
                scopes: managerScopes, isGlobal: true, minimumTeamRole: "admin"),
        OrgRole(id: "owner", name: "Owner",
                desc: "Unrestricted access to the organization, its data, and its settings.",
                scopes: managerScopes + ["org:admin", "org:billing"], isGlobal: true,
                minimumTeamRole: "admin"),
    ]

    /// Role ids accepted by the members endpoints.
    static let orgRoleIDs: Set<String> = Set(orgRoles.map(\.id))

    static func displayName(_ id: String) -> String {
        orgRoles.first { $0.id == id }?.name ?? id.capitalized
    }

    /// `orgRoleList` as the member detail shows it to an owner (all allowed).
    static func orgRoleList() -> JSONNode {
        .array(orgRoles.map { role in
            [
                "id": role.id, "name": role.name, "desc": role.desc, "scopes": role.scopes,
                "allowed": true, "isAllowed": true, "isRetired": role.isRetired,
                "isGlobal": role.isGlobal, "is_global": role.isGlobal,
                "isTeamRolesAllowed": role.isTeamRolesAllowed,
                "minimumTeamRole": role.minimumTeamRole,
            ]
        })
    }

    static func teamRoleList() -> JSONNode {
        [
            [
                "id": "contributor", "name": "Contributor",
                "desc": "Contributors can view and act on events, as well as view most other "
                    + "data within the team's projects.",
                "scopes": teamAccess, "allowed": true, "isAllowed": true, "isRetired": false,
                "isTeamRolesAllowed": true, "isMinimumRoleFor": "member",
            ] as JSONNode,
            [
                "id": "admin", "name": "Team Admin",
                "desc": "Admin privileges on the team. They can create and remove projects, "
                    + "and can manage the team's memberships.",
                "scopes": teamAccess + ["team:write", "team:admin", "project:write",
                                        "project:admin"],
                "allowed": true, "isAllowed": true, "isRetired": false,
                "isTeamRolesAllowed": true, "isMinimumRoleFor": "manager",
            ] as JSONNode,
        ]
    }

    static let teamAccess = [
        "alerts:read", "event:read", "event:write", "member:read", "org:read",
        "project:read", "project:releases", "team:read",
    ]

    static let projectAccess = teamAccess + ["project:write", "project:admin"]
}
