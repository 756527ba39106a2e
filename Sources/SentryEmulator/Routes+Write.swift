import Foundation

/// The write endpoints and the audit log (CONTRACT.md §5.2, §5.5, §9.4,
/// §9.6, §9.7, §11), with Sentry's validation messages.
extension Router {
    private func body(_ context: RouteContext) -> [String: Any]? {
        context.request.jsonBody()
    }

    private static let parseError = EmulatorResponse.detail(400, "JSON parse error - Expecting value")

    func addMember(_ context: RouteContext) -> EmulatorResponse {
        let scopes = ["member:write", "member:admin", "member:invite"]
        return withOrganization(context, scopes: scopes) { org, view in
            guard let body = body(context) else { return Self.parseError }
            var errors: [String: JSONNode] = [:]
            let email = (body["email"] as? String)?.trimmingCharacters(in: .whitespaces) ?? ""
            if email.isEmpty {
                errors["email"] = ["This field is required."]
            } else if email.count > 75 || !Validation.isValidEmail(email) {
                errors["email"] = ["Enter a valid email address."]
            } else if let existing = org.members.first(where: {
                $0.email.lowercased() == email.lowercased()
                    || $0.user?.email.lowercased() == email.lowercased()
            }) {
                let what = existing.isPending ? "has already been invited" : "is already a member"
                errors["email"] = .array([.string("The user \(email) \(what)")])
            }
            let roleKey = body["orgRole"] != nil ? "orgRole" : "role"
            let role = (body[roleKey] as? String) ?? "member"
            if !Roles.orgRoleIDs.contains(role) {
                errors[roleKey] = .array([.string("\"\(role)\" is not a valid choice.")])
            } else if role == "admin" {
                errors[roleKey] = ["The role 'admin' is deprecated and may no longer be assigned."]
            }
            let teamsKey = body["teamRoles"] != nil ? "teamRoles" : "teams"
            let slugs: [String] = teamsKey == "teamRoles"
                ? ((body["teamRoles"] as? [[String: Any]]) ?? []).compactMap { $0["teamSlug"] as? String }
                : (body["teams"] as? [String]) ?? []
            let teams = slugs.compactMap { slug in org.teams.first { $0.slug == slug } }
            if teams.count != slugs.count {
                errors[teamsKey] = ["Invalid teams"]
            }
            if errors.isEmpty, role == "billing", !teams.isEmpty {
                errors["email"] = .string(
                    "The user with a 'billing' role cannot have team-level permissions.")
            }
            guard errors.isEmpty else { return .json(400, errors.jsonNode) }
            let member = org.addMember(email: email, role: role, teamIDs: teams.map(\.id),
                                       user: nil, actor: org.actingMember?.id,
                                       now: state.nowMicros)
            return .json(201, SentryJSON(org: org, caller: view.caller).member(member))
        }
    }

    func removeMember(_ context: RouteContext) -> EmulatorResponse {
        let scopes = ["member:read", "member:write", "member:admin"]
        return withOrganization(context, scopes: scopes) { org, _ in
            guard let index = resolveMember(context.params["member_id"], in: org) else {
                return .notFound
            }
            let member = org.members[index]
            let isSelf = member.id == org.actingMember?.id
            if !isSelf && !context.caller.hasAny(["member:admin"]) {
                return .detail(400, "You are missing the member:admin scope.")
            }
            if org.isLastManager(member) {
                return .detail(403, "You cannot remove the only remaining owner or manager "
                    + "of the organization.")
            }
            org.removeMember(at: index, actor: org.actingMember?.id, now: state.nowMicros)
            return .noContent
        }
    }

    func createProject(_ context: RouteContext) -> EmulatorResponse {
        let scopes = ["project:write", "project:admin", "org:write", "org:admin"]
        return withOrganization(context, scopes: scopes) { org, view in
            guard let team = org.team(idOrSlug: context.params["team"] ?? "") else {
                return .notFound
            }
            guard let body = body(context) else { return Self.parseError }
            var errors: [String: JSONNode] = [:]
            let name = (body["name"] as? String) ?? ""
            if name.isEmpty {
                errors["name"] = ["This field is required."]
            } else if name.count > 50 {
                errors["name"] = ["Ensure this field has no more than 50 characters."]
            } else if Validation.reservedProjectSlugs.contains(name) {
                errors["name"] = .array([.string("The name \"\(name)\" is reserved and not allowed.")])
            }
            let slug = body["slug"] as? String
            if let slug, !slug.isEmpty {
                if slug.count > 100 {
                    errors["slug"] = ["Ensure this field has no more than 100 characters."]
                } else if !Validation.isValidSlug(slug) {
                    errors["slug"] = .array([.string(Validation.invalidSlugMessage)])
                } else if Validation.reservedProjectSlugs.contains(slug) {
                    errors["slug"] = .array([.string("The slug \"\(slug)\" is reserved and not allowed.")])
                }
            }
            let platform = (body["platform"] as? String).flatMap { $0.isEmpty ? nil : $0 }
            if let platform, !Validation.platforms.contains(platform) {
                errors["platform"] = ["Invalid platform"]
            }
            guard errors.isEmpty else { return .json(400, errors.jsonNode) }
            if let slug, !slug.isEmpty, org.isSlugTaken(slug) {
                return .detail(409, "A project with this slug already exists.")
            }
            let finalSlug = (slug?.isEmpty == false ? slug : nil)
                ?? org.availableSlug(forName: name)
            let project = org.createProject(name: name, slug: finalSlug, platform: platform,
                                            teamIDs: [team.id], actor: org.actingMember?.id,
                                            now: state.nowMicros)
            return .json(201, SentryJSON(org: org, caller: view.caller).projectSummary(project))
        }
    }

    func updateProject(_ context: RouteContext) -> EmulatorResponse {
        let scopes = ["project:read", "project:write", "project:admin"]
        return withProject(context, scopes: scopes) { org, index, view in
            guard let body = body(context) else { return Self.parseError }
            let truthy = { (key: String) -> String? in
                (body[key] as? String).flatMap { $0.isEmpty ? nil : $0 }
            }
            let name = truthy("name"), slug = truthy("slug"), platform = truthy("platform")
            let canWrite = context.caller.hasAny(["project:write", "project:admin"])
            if !canWrite && (name != nil || slug != nil || platform != nil) {
                return .forbidden
            }
            var errors: [String: JSONNode] = [:]
            if let name, name.count > 200 {
                errors["name"] = ["Ensure this field has no more than 200 characters."]
            }
            if let slug {
                if !Validation.isValidSlug(slug) || slug.count > 100 {
                    errors["slug"] = .array([.string(Validation.invalidSlugMessage)])
                } else if Validation.reservedProjectSlugs.contains(slug) {
                    errors["slug"] = .array([.string("The slug \"\(slug)\" is reserved and not allowed.")])
                } else if let other = org.projects.first(where: {
                    !$0.isDeleted && $0.slug == slug && $0.id != org.projects[index].id
                }) {
                    errors["slug"] = .array([.string(
                        "Another project (\(other.name)) is already using that slug")])
                }
            }
            if let platform, !Validation.platforms.contains(platform) {
                errors["platform"] = ["Invalid platform"]
            }
            guard errors.isEmpty else { return .json(400, errors.jsonNode) }
            org.editProject(at: index, name: name, slug: slug, platform: platform,
                            actor: org.actingMember?.id, now: state.nowMicros)
            return .json(200, SentryJSON(org: org, caller: view.caller)
                .projectDetail(org.projects[index]))
        }
    }

    func deleteProject(_ context: RouteContext) -> EmulatorResponse {
        withProject(context, scopes: ["project:admin"]) { org, index, _ in
            org.deleteProject(at: index, actor: org.actingMember?.id, now: state.nowMicros)
            return .noContent
        }
    }

    /// Newest first, with DateTimePaginator cursors (`ms:skip:is_prev`).
    func auditLog(_ context: RouteContext) -> EmulatorResponse {
        withOrganization(context, scopes: ["org:write"]) { org, view in
            let pagination: Pagination
            switch Pagination.parse(context.request) {
            case .success(let value): pagination = value
            case .failure(let error): return .detail(400, error.message)
            }
            var rows = org.audit.reversed().filter { _ in true }
            if let event = context.request.parameter("event") {
                rows = rows.filter { $0.event == event }
            }
            let page = AuditPage(rows: rows, pagination: pagination)
            var response = EmulatorResponse.json(200, [
                "rows": JSONNode.array(page.rows.map { view.auditRow($0) }),
                "options": AuditPage.eventNames,
            ])
            response.setHeader("Link", Pagination.linkHeader(
                baseURL: baseURL, request: context.request,
                previous: page.previous, next: page.next))
            return response
        }
    }
}
