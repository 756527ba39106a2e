import MirrorJSON

/// One entity as the local view holds it: its object and its team links.
///
/// `links` maps a team id to the member's team role (members) or to `nil`
/// (projects). Teams carry no links: a member's place on a team belongs to
/// the member.
struct EntityState: Equatable {
    /// The object in canonical JSON text.
    var text: String
    var links: [String: String?]

    init(text: String, links: [String: String?]) {
        self.text = text
        self.links = links
    }

    init(object: JSONValue, links: [String: String?]) {
        self.init(text: object.canonicalText, links: links)
    }

    /// The object, parsed from ``text``.
    func object() throws -> JSONValue {
        do {
            return try JSONValue(parsing: text)
        } catch {
            throw MirrorStoreError(
                kind: .invalidStoredValue,
                message: "the mirror holds an object that is not JSON; "
                    + "delete the database and pull again")
        }
    }
}

/// A pending mutation as the local view applies it.
struct PendingEffect {
    let id: Int64
    let kind: MutationKind
    let targetID: String
    let payload: JSONValue
    /// Server-clock time the mutation was made, as stored text.
    let madeAt: String

    /// The entity after this mutation, given the entity before it.
    ///
    /// `team` resolves a team slug in the local view; a team that no longer
    /// exists is left out of the links.
    func apply(to state: EntityState?, team: (String) throws -> TeamRecord?) throws
        -> EntityState?
    {
        switch kind {
        case .memberRemove, .projectDelete:
            return nil
        case .memberAdd:
            return try invitedMember(team: team)
        case .projectCreate:
            return try createdProject(team: team)
        case .projectUpdate:
            guard let state, !state.text.isEmpty, case .object(var fields) = try state.object()
            else { return state }
            for key in ["name", "slug", "platform"] {
                // Sentry applies a field only when it is non-empty (CONTRACT §9.6).
                if let value = payload[key]?.stringValue, !value.isEmpty {
                    fields[key] = .string(value)
                }
            }
            return EntityState(object: .object(fields), links: state.links)
        }
    }

    private func invitedMember(team: (String) throws -> TeamRecord?) throws -> EntityState {
        let email = payload["email"]?.stringValue ?? ""
        let role = payload["role"]?.stringValue ?? "member"
        var links: [String: String?] = [:]
        for slug in payload["teams"]?.arrayValue ?? [] {
            if let slug = slug.stringValue, let found = try team(slug) {
                links[found.id] = .some(nil)
            }
        }
        // The shape of Sentry's answer to an invite (CONTRACT §5.2): pending, no user.
        let object: JSONValue = .object([
            "id": .string(targetID), "email": .string(email), "name": .string(email),
            "user": .null, "orgRole": .string(role), "role": .string(role),
            "pending": .bool(true), "expired": .bool(false),
            "inviteStatus": .string("approved"), "dateCreated": .string(madeAt),
        ])
        return EntityState(object: object, links: links)
    }

    private func createdProject(team: (String) throws -> TeamRecord?) throws -> EntityState {
        let platform = payload["platform"]?.stringValue
        var object: [String: JSONValue] = [
            "id": .string(targetID),
            "slug": payload["slug"] ?? .null,
            "name": payload["name"] ?? .null,
            "platform": platform.map { .string($0) } ?? .null,
            "dateCreated": .string(madeAt),
            "teams": .array([]),
        ]
        var links: [String: String?] = [:]
        if let slug = payload["team"]?.stringValue, let found = try team(slug) {
            let summary: JSONValue = .object([
                "id": .string(found.id), "name": .string(found.name), "slug": .string(found.slug),
            ])
            object["team"] = summary
            object["teams"] = .array([summary])
            links[found.id] = .some(nil)
        }
        return EntityState(object: .object(object), links: links)
    }
}
