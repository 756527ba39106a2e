/// The API routes the emulator serves, by path template and method.
enum Endpoint: Sendable {
    case index
    case organization
    case listTeams
    case listMembers, addMember
    case memberDetail, removeMember
    case listProjects
    case auditLog
    case listTeamMembers
    case createProject
    case projectDetail, updateProject, deleteProject
}

enum RouteTable {
    struct Match {
        /// The route template, e.g. `/api/0/organizations/{org}/members/`.
        var template: String
        /// Values of the `{…}` segments, percent-decoded.
        var params: [String: String]
        /// The handler, or nil when the path exists but not for this method (405).
        var endpoint: Endpoint?
    }

    private struct Route {
        var template: String
        var methods: [String: Endpoint]
        var segments: [Substring] { template.split(separator: "/") }
    }

    private static let routes: [Route] = [
        Route(template: "/api/0/", methods: ["GET": .index]),
        Route(template: "/api/0/organizations/{org}/", methods: ["GET": .organization]),
        Route(template: "/api/0/organizations/{org}/teams/", methods: ["GET": .listTeams]),
        Route(template: "/api/0/organizations/{org}/members/",
              methods: ["GET": .listMembers, "POST": .addMember]),
        Route(template: "/api/0/organizations/{org}/members/{member_id}/",
              methods: ["GET": .memberDetail, "DELETE": .removeMember]),
        Route(template: "/api/0/organizations/{org}/projects/", methods: ["GET": .listProjects]),
        Route(template: "/api/0/organizations/{org}/audit-logs/", methods: ["GET": .auditLog]),
        Route(template: "/api/0/teams/{org}/{team}/members/", methods: ["GET": .listTeamMembers]),
        Route(template: "/api/0/teams/{org}/{team}/projects/", methods: ["POST": .createProject]),
        Route(template: "/api/0/projects/{org}/{project}/",
              methods: ["GET": .projectDetail, "PUT": .updateProject, "DELETE": .deleteProject]),
    ]

    /// Finds the route for a path; nil when no template fits.
    static func match(method: String, path: String) -> Match? {
        let parts = path.split(separator: "/")
        for route in routes {
            let segments = route.segments
            guard segments.count == parts.count else { continue }
            var params: [String: String] = [:]
            var fits = true
            for (segment, part) in zip(segments, parts) {
                if segment.hasPrefix("{") {
                    params[String(segment.dropFirst().dropLast())] = String(part)
                } else if segment != part {
                    fits = false
                    break
                }
            }
            if fits {
                return Match(template: route.template, params: params,
                             endpoint: route.methods[method])
            }
        }
        return nil
    }
}

extension Router {
    func dispatch(_ endpoint: Endpoint, _ context: RouteContext) -> EmulatorResponse {
        switch endpoint {
        case .index: return index(context)
        case .organization: return organization(context)
        case .listTeams: return listTeams(context)
        case .listMembers: return listMembers(context)
        case .addMember: return addMember(context)
        case .memberDetail: return memberDetail(context)
        case .removeMember: return removeMember(context)
        case .listProjects: return listProjects(context)
        case .auditLog: return auditLog(context)
        case .listTeamMembers: return listTeamMembers(context)
        case .createProject: return createProject(context)
        case .projectDetail: return projectDetail(context)
        case .updateProject: return updateProject(context)
        case .deleteProject: return deleteProject(context)
        }
    }
}
