/// The members list `query` filters (CONTRACT.md §5.1).
struct MemberFilter {
    let search: SearchQuery

    static let knownKeys: Set<String> = ["email", "id", "user.id", "role", "scope", "isInvited"]

    func apply(_ members: [MemberRecord]) -> [MemberRecord] {
        guard search.unknownKeys(known: Self.knownKeys).isEmpty else { return [] }
        guard !search.filters.isEmpty else { return members }
        return members.filter(matches)
    }

    private func matches(_ member: MemberRecord) -> Bool {
        let filters = search.filters
        if let emails = filters["email"]?.map({ $0.lowercased() }) {
            let own = [member.email, member.user?.email].compactMap { $0?.lowercased() }
            guard own.contains(where: emails.contains) else { return false }
        }
        if let ids = filters["id"], !ids.contains(String(member.id)) { return false }
        if let ids = filters["user.id"] {
            guard let user = member.user, ids.contains(String(user.id)) else { return false }
        }
        if let roles = filters["role"], !roles.contains(member.orgRole) { return false }
        if let scopes = filters["scope"] {
            let role = Roles.orgRoles.first { $0.id == member.orgRole }
            guard let role, scopes.contains(where: role.scopes.contains) else { return false }
        }
        if let invited = filters["isInvited"]?.first {
            guard (invited == "true") == member.isPending else { return false }
        }
        if let text = filters["query"]?.first?.lowercased() {
            let haystack = [member.email, member.user?.name, member.user?.email]
                .compactMap { $0?.lowercased() }
            guard haystack.contains(where: { $0.contains(text) }) else { return false }
        }
        return true
    }
}
