import Foundation

/// The read endpoints (CONTRACT.md §2.4, §5.1, §5.3, §6.1, §9.2, §9.5, §12).
extension Router {
    /// Checks authentication and token scopes, then finds the organization
    /// named by `{org}` (slug or id) and runs `body` under the state's lock.
    func withOrganization(
        _ context: RouteContext,
        scopes: [String],
        _ body: (inout OrganizationData, SentryJSON) -> EmulatorResponse
    ) -> EmulatorResponse {
        guard context.caller.token != nil else {
            return Router.AuthFailure(message: "Authentication credentials were not provided.")
                .response
        }
        guard context.caller.hasAny(scopes) else { return .forbidden }
        return state.withData { org in
            guard let name = context.params["org"], name == org.slug || name == String(org.id)
            else { return .notFound }
            let view = SentryJSON(org: org, caller: org.actingMember)
            return body(&org, view)
        }
    }

    /// ``withOrganization(_:scopes:_:)`` for routes that only read: `body`
    /// runs on a snapshot of the organization, outside the state's lock.
    func readingOrganization(
        _ context: RouteContext,
        scopes: [String],
        _ body: (OrganizationData, SentryJSON) -> EmulatorResponse
    ) -> EmulatorResponse {
        guard context.caller.token != nil else {
            return Router.AuthFailure(message: "Authentication credentials were not provided.")
                .response
        }
        guard context.caller.hasAny(scopes) else { return .forbidden }
        let org = state.snapshot()
        guard let name = context.params["org"], name == org.slug || name == String(org.id)
        else { return .notFound }
        return body(org, SentryJSON(org: org, caller: org.actingMember))
    }

    /// One OffsetPaginator page of `rows` with its `Link` header.
    func paginated<T>(_ context: RouteContext, _ rows: [T],
                      render: (T) -> JSONNode) -> EmulatorResponse {
        let page: (rows: [T], previous: Pagination.Link, next: Pagination.Link)
        switch Pagination.parse(context.request).flatMap({ $0.offsetPage(rows) }) {
        case .success(let value): page = value
        case .failure(let error): return .detail(400, error.message)
        }
        var response = EmulatorResponse.json(200, .array(page.rows.map(render)))
        response.setHeader("Link", Pagination.linkHeader(
            baseURL: baseURL, request: context.request, previous: page.previous, next: page.next))
        return response
    }

    func index(_ context: RouteContext) -> EmulatorResponse {
        guard let token = context.caller.token else {
            return .json(200, ["version": "0", "auth": JSONNode.null, "user": JSONNode.null])
        }
        let user: JSONNode = state.withData { org in
            let view = SentryJSON(org: org, caller: nil)
            return org.actingMember?.user.map { view.user($0) } ?? .null
        }
        let auth: JSONNode = ["scopes": token.scopes]
        return .json(200, ["version": "0", "auth": auth, "user": user])
    }

    func organization(_ context: RouteContext) -> EmulatorResponse {
        readingOrganization(context, scopes: ["org:read", "org:write", "org:admin"]) { org, view in
            var json = view.organizationSummary()
            json["access"] = (context.caller.token?.scopes ?? []).jsonNode
            json["defaultRole"] = "member"
            json["openMembership"] = .bool(true)
            json["orgRoleList"] = Roles.orgRoleList()
            json["teamRoleList"] = Roles.teamRoleList()
            if context.request.parameter("detailed") != "0" {
                json["teams"] = .array(org.sortedTeams.map { view.team($0, detailed: false) })
                json["projects"] = .array(org.visibleProjects.map { view.projectSummary($0) })
            }
            return .json(200, json)
        }
    }

    func listTeams(_ context: RouteContext) -> EmulatorResponse {
        readingOrganization(context, scopes: ["org:read", "org:write", "org:admin"]) { org, view in
            let search = SearchQuery(context.request.parameter("query"))
            var teams = org.sortedTeams
            if !search.unknownKeys(known: ["slug", "id", "hasExternalTeams"]).isEmpty {
                teams = []
            }
            if let ids = search.filters["id"] {
                guard ids.allSatisfy({ Int($0) != nil }) else {
                    return .detail(400, "Invalid id value")
                }
                teams = teams.filter { ids.contains(String($0.id)) }
            }
            if let slugs = search.filters["slug"] { teams = teams.filter { slugs.contains($0.slug) } }
            if search.filters["hasExternalTeams"]?.contains("true") == true { teams = [] }
            if let text = search.filters["query"]?.first?.lowercased() {
                teams = teams.filter {
                    $0.slug.lowercased().contains(text) || $0.name.lowercased().contains(text)
                }
            }
            let detailed = context.request.parameter("detailed") != "0"
            var counts: [Int: Int] = [:]
            for member in org.members {
                for link in member.teams { counts[link.teamID, default: 0] += 1 }
            }
            return paginated(context, teams) {
                view.team($0, detailed: detailed, memberCount: counts[$0.id] ?? 0)
            }
        }
    }

    func listMembers(_ context: RouteContext) -> EmulatorResponse {
        readingOrganization(context, scopes: ["member:read", "member:write", "member:admin"]) {
            org, view in
            let search = SearchQuery(context.request.parameter("query"))
            let members = MemberFilter(search: search).apply(org.members)
            return paginated(context, members) { view.member($0) }
        }
    }

    func listTeamMembers(_ context: RouteContext) -> EmulatorResponse {
        let scopes = ["team:read", "team:write", "team:admin", "org:read", "org:write", "org:admin"]
        return readingOrganization(context, scopes: scopes) { org, view in
            guard let team = org.team(idOrSlug: context.params["team"] ?? "") else {
                return .notFound
            }
            let members = org.members.filter { m in m.teams.contains { $0.teamID == team.id } }
            return paginated(context, members) { view.teamMember($0, team: team) }
        }
    }

    func memberDetail(_ context: RouteContext) -> EmulatorResponse {
        readingOrganization(context, scopes: ["member:read", "member:write", "member:admin"]) {
            org, view in
            guard let index = resolveMember(context.params["member_id"], in: org) else {
                return .notFound
            }
            return .json(200, view.memberDetail(org.members[index]))
        }
    }

    /// A member by numeric id or `me` (the acting owner); nil for anything else.
    func resolveMember(_ text: String?, in org: OrganizationData) -> Int? {
        guard let text else { return nil }
        if text == "me" {
            return org.actingMember.flatMap { org.memberIndex(id: $0.id) }
        }
        guard text.allSatisfy(\.isASCIIDigit), let id = Int(text) else { return nil }
        return org.memberIndex(id: id)
    }

    func listProjects(_ context: RouteContext) -> EmulatorResponse {
        readingOrganization(context, scopes: ["org:read", "org:write", "org:admin"]) { org, view in
            let search = SearchQuery(context.request.parameter("query"))
            var projects = org.visibleProjects
            if !search.unknownKeys(known: ["slug", "id", "team", "!team", "is_member"]).isEmpty {
                projects = []
            }
            if let ids = search.filters["id"] {
                guard ids.allSatisfy({ Int($0) != nil }) else {
                    let message: JSONNode = ["message": "All 'id' values must be integers."]
                    let params: JSONNode = ["stats_period": message]
                    let error: JSONNode = ["params": params]
                    return .json(400, ["error": error])
                }
                projects = projects.filter { ids.contains(String($0.id)) }
            }
            if let slugs = search.filters["slug"] {
                projects = projects.filter { slugs.contains($0.slug) }
            }
            let teamID = { (slug: String) in org.teams.first { $0.slug == slug }?.id }
            if let teams = search.filters["team"] {
                let ids = Set(teams.compactMap(teamID))
                projects = projects.filter { !ids.isDisjoint(with: $0.teamIDs) }
            }
            if let teams = search.filters["!team"] {
                let ids = Set(teams.compactMap(teamID))
                projects = projects.filter { ids.isDisjoint(with: $0.teamIDs) }
            }
            if let text = search.filters["query"]?.first?.lowercased() {
                projects = projects.filter {
                    $0.slug.lowercased().contains(text) || $0.name.lowercased().contains(text)
                }
            }
            return paginated(context, projects) { view.projectSummary($0) }
        }
    }

    func projectDetail(_ context: RouteContext) -> EmulatorResponse {
        withProject(context, scopes: ["project:read", "project:write", "project:admin"]) {
            org, index, view in
            .json(200, view.projectDetail(org.projects[index]))
        }
    }

    /// Finds `{project}` (id or slug); an old slug of a renamed project gives
    /// Sentry's 302 with a relative `Location` (CONTRACT.md §10.6).
    func withProject(
        _ context: RouteContext,
        scopes: [String],
        _ body: (inout OrganizationData, Int, SentryJSON) -> EmulatorResponse
    ) -> EmulatorResponse {
        withOrganization(context, scopes: scopes) { org, view in
            let key = context.params["project"] ?? ""
            if let index = org.projectIndex(idOrSlug: key) {
                return body(&org, index, view)
            }
            guard !key.allSatisfy(\.isASCIIDigit), let id = org.redirects[key],
                  let target = org.projects.first(where: { $0.id == id && !$0.isDeleted })
            else { return .notFound }
            return movedResponse(context, newSlug: target.slug)
        }
    }

    private func movedResponse(_ context: RouteContext, newSlug: String) -> EmulatorResponse {
        let request = context.request
        var segments = request.path.split(separator: "/", omittingEmptySubsequences: false)
            .map(String.init)
        // ["", "api", "0", "projects", org, project, ...]
        if segments.count > 5 { segments[5] = newSlug }
        let path = segments.joined(separator: "/")
        let location = path + (request.rawQuery.isEmpty ? "" : "?" + request.rawQuery)
        let extra: JSONNode = ["url": path, "slug": newSlug]
        let detail: JSONNode = [
            "code": "resource-moved", "message": "Resource has been moved", "extra": extra,
        ]
        var response = EmulatorResponse.json(302, ["slug": newSlug, "detail": detail])
        response.setHeader("Location", location)
        return response
    }
}
