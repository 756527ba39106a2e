/// The changes the write endpoints and the admin `mutate` route make; each
/// appends its audit-log row (CONTRACT.md §11).
extension OrganizationData {
    mutating func appendAudit(_ event: String, actor: Int?, target: Int, targetUser: Int? = nil,
                              data: [String: String], note: String, now: Microseconds) {
        audit.append(AuditRecord(
            id: makeID(), event: event, actorMemberID: actor, targetObject: target,
            targetUserID: targetUser, data: data, note: note, dateCreated: now))
    }

    /// Creates a pending invite (or, with `user`, an accepted member).
    mutating func addMember(email: String, role: String, teamIDs: [Int], user: UserRecord?,
                            actor: Int?, now: Microseconds) -> MemberRecord {
        let inviter = actor.flatMap { id in members.first { $0.id == id } }
        let member = MemberRecord(
            id: makeID(), email: user?.email ?? email, user: user, orgRole: role, expired: false,
            dateCreated: now, inviterName: inviter?.name ?? (actor == nil ? "Colleague" : nil),
            teams: teamIDs.map { TeamLink(teamID: $0, role: nil) })
        members.append(member)
        let event = user == nil ? "member.invite" : "member.add"
        appendAudit(event, actor: actor, target: member.id, targetUser: user?.id,
                    data: ["email": email, "role": role],
                    note: "\(user == nil ? "invited" : "added") member \(email)", now: now)
        return member
    }

    mutating func removeMember(at index: Int, actor: Int?, now: Microseconds) {
        let member = members.remove(at: index)
        appendAudit("member.remove", actor: actor, target: member.id, targetUser: member.user?.id,
                    data: ["email": member.email], note: "removed member \(member.email)",
                    now: now)
    }

    /// Whether removing this member would leave no accepted owner or manager.
    func isLastManager(_ member: MemberRecord) -> Bool {
        let managing: Set<String> = ["owner", "manager"]
        guard managing.contains(member.orgRole), !member.isPending else { return false }
        return !members.contains {
            $0.id != member.id && managing.contains($0.orgRole) && !$0.isPending
        }
    }

    mutating func createProject(name: String, slug: String, platform: String?, teamIDs: [Int],
                                actor: Int?, now: Microseconds) -> ProjectRecord {
        let project = ProjectRecord(id: makeID(), slug: slug, name: name, platform: platform,
                                    dateCreated: now, teamIDs: teamIDs)
        projects.append(project)
        redirects[slug] = nil
        appendAudit("project.create", actor: actor, target: project.id,
                    data: ["slug": slug, "platform": platform ?? ""],
                    note: "created project \(slug)", now: now)
        return project
    }

    /// Applies the non-nil fields; a slug change records a redirect.
    mutating func editProject(at index: Int, name: String?, slug: String?, platform: String?,
                              actor: Int?, now: Microseconds) {
        var project = projects[index]
        var data: [String: String] = [:]
        if let name { project.name = name; data["name"] = name }
        if let platform { project.platform = platform; data["platform"] = platform }
        if let slug, slug != project.slug {
            redirects[project.slug] = project.id
            redirects[slug] = nil
            data["old_slug"] = project.slug
            data["new_slug"] = slug
            project.slug = slug
        }
        projects[index] = project
        data["slug"] = project.slug
        appendAudit("project.edit", actor: actor, target: project.id, data: data,
                    note: "edited project \(project.slug)", now: now)
    }

    /// Marks the project pending deletion and frees its slug at once.
    mutating func deleteProject(at index: Int, actor: Int?, now: Microseconds) {
        let oldSlug = projects[index].slug
        var hex = ""
        var random = SystemRandomNumberGenerator()
        for _ in 0..<32 { hex.append(String(random.next() % 16, radix: 16)) }
        projects[index].slug = hex
        projects[index].isDeleted = true
        redirects = redirects.filter { $0.value != projects[index].id }
        appendAudit("project.remove", actor: actor, target: projects[index].id,
                    data: ["slug": oldSlug], note: "removed project \(oldSlug)", now: now)
    }

    /// A slug derived from `name`, with Sentry's random suffixes when taken.
    func availableSlug(forName name: String) -> String {
        var base = Validation.slugify(name)
        var random = SystemRandomNumberGenerator()
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        func suffix(_ count: Int) -> String {
            String((0..<count).map { _ in alphabet[Int(random.next() % 36)] })
        }
        if base.isEmpty || Validation.reservedProjectSlugs.contains(base)
            || base.allSatisfy(\.isASCIIDigit) {
            base = String((0..<12).map { _ in Array("0123456789abcdef")[Int(random.next() % 16)] })
        }
        var slug = base
        for length in [2, 3, 5, 12, 12, 12] where isSlugTaken(slug) {
            slug = String(base.prefix(50 - length - 1)) + "-" + suffix(length)
        }
        return slug
    }

    func isSlugTaken(_ slug: String) -> Bool {
        projects.contains { !$0.isDeleted && $0.slug.lowercased() == slug.lowercased() }
    }
}
