import MirrorJSON

/// The endpoints sentry-mirror uses, with the scopes Sentry checks for each
/// (CONTRACT §8). Read endpoints that list are paginated by the client.
extension Endpoint {
    private static let orgRead = ["org:read", "org:write", "org:admin"]
    private static let memberRead = ["member:read", "member:write", "member:admin"]
    private static let teamRead = ["team:read", "team:write", "team:admin"]
    private static let projectRead = ["project:read", "project:write", "project:admin"]

    private static func organizationName(_ org: String) -> String { "organization '\(org)'" }

    /// `GET /api/0/`: the token's scopes and user; needs no scope.
    ///
    /// See https://docs.sentry.io/api/ (CONTRACT §2.4).
    public static func index() -> Endpoint {
        Endpoint(method: .get, path: "", scopes: [], resource: "API index")
    }

    /// `GET /api/0/organizations/{org}/`: the organization's summary.
    public static func organization(_ org: String) -> Endpoint {
        Endpoint(
            .get, segments: ["organizations", org], query: [("detailed", "0")],
            scopes: orgRead, resource: organizationName(org)
        )
    }

    /// `GET /api/0/organizations/{org}/teams/`, without embedded projects.
    public static func teams(_ org: String) -> Endpoint {
        Endpoint(
            .get, segments: ["organizations", org, "teams"], query: [("detailed", "0")],
            scopes: orgRead, resource: organizationName(org)
        )
    }

    /// `GET /api/0/organizations/{org}/members/`: members and pending invites.
    public static func members(_ org: String) -> Endpoint {
        Endpoint(
            .get, segments: ["organizations", org, "members"],
            scopes: memberRead, resource: organizationName(org)
        )
    }

    /// `GET /api/0/organizations/{org}/projects/`: every active project.
    public static func projects(_ org: String) -> Endpoint {
        Endpoint(
            .get, segments: ["organizations", org, "projects"],
            scopes: orgRead, resource: organizationName(org)
        )
    }

    /// `GET /api/0/teams/{org}/{team}/members/`: the team's members, which is
    /// where member-team links come from (the members list has no teams).
    public static func teamMembers(_ org: String, team: String) -> Endpoint {
        Endpoint(
            .get, segments: ["teams", org, team, "members"],
            scopes: teamRead, resource: "team '\(team)' in \(organizationName(org))"
        )
    }

    /// `GET /api/0/organizations/{org}/members/{id}/` (`id` may be `me`).
    public static func member(_ org: String, id: String) -> Endpoint {
        Endpoint(
            .get, segments: ["organizations", org, "members", id],
            scopes: memberRead, resource: "member \(id) in \(organizationName(org))"
        )
    }

    /// `GET /api/0/projects/{org}/{id_or_slug}/`: one project in detail.
    public static func project(_ org: String, idOrSlug: String) -> Endpoint {
        Endpoint(
            .get, segments: ["projects", org, idOrSlug],
            scopes: projectRead, resource: "project '\(idOrSlug)' in \(organizationName(org))"
        )
    }

    /// `GET /api/0/organizations/{org}/audit-logs/`: newest first; the body
    /// is an object whose `rows` are the entries. Needs `org:write`.
    public static func auditLogs(_ org: String, event: String? = nil) -> Endpoint {
        Endpoint(
            .get, segments: ["organizations", org, "audit-logs"],
            query: event.map { [("event", $0)] } ?? [],
            scopes: ["org:write"], resource: "audit log of \(organizationName(org))"
        )
    }

    /// `POST /api/0/organizations/{org}/members/`: invites `body["email"]`.
    ///
    /// The body holds `email`, and optionally `orgRole` and `teamRoles`
    /// (CONTRACT §5.2). Sentry answers 201 with a pending member.
    public static func addMember(_ org: String, body: JSONValue) -> Endpoint {
        Endpoint(
            .post, segments: ["organizations", org, "members"], body: body,
            scopes: ["member:write", "member:admin", "member:invite"],
            resource: organizationName(org)
        )
    }

    /// `DELETE /api/0/organizations/{org}/members/{id}/`: 204 when removed,
    /// 404 when already gone.
    public static func removeMember(_ org: String, id: String) -> Endpoint {
        Endpoint(
            .delete, segments: ["organizations", org, "members", id],
            scopes: ["member:admin"], resource: "member \(id) in \(organizationName(org))"
        )
    }

    /// `POST /api/0/teams/{org}/{team}/projects/`: creates a project owned by
    /// `team`. Always put an explicit `slug` in the body: a retried create
    /// without one makes a second project (CONTRACT §9.4).
    public static func createProject(_ org: String, team: String, body: JSONValue) -> Endpoint {
        Endpoint(
            .post, segments: ["teams", org, team, "projects"], body: body,
            scopes: ["project:write", "project:admin", "org:write", "org:admin"],
            resource: "team '\(team)' in \(organizationName(org))"
        )
    }

    /// `PUT /api/0/projects/{org}/{id}/`: a partial update (`name`, `slug`,
    /// `platform`). Address projects by numeric id: ids never redirect.
    public static func updateProject(_ org: String, id: String, body: JSONValue) -> Endpoint {
        Endpoint(
            .put, segments: ["projects", org, id], body: body,
            scopes: ["project:write", "project:admin"],
            resource: "project '\(id)' in \(organizationName(org))"
        )
    }

    /// `DELETE /api/0/projects/{org}/{id}/`: 204; the project is gone at once.
    public static func deleteProject(_ org: String, id: String) -> Endpoint {
        Endpoint(
            .delete, segments: ["projects", org, id],
            scopes: ["project:admin"], resource: "project '\(id)' in \(organizationName(org))"
        )
    }
}
