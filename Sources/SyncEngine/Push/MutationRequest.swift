import MirrorJSON
import MirrorStore
import SentryAPI

/// The Sentry request that carries out one pending mutation.
///
/// Projects are addressed by numeric id (ids never redirect) and always
/// created with an explicit slug (a retried create without one makes a
/// second project: CONTRACT §9.4).
struct MutationRequest: Sendable {
    var endpoint: Endpoint
    /// Statuses that count as done besides 2xx: a 404 on a DELETE means the
    /// thing is already gone.
    var doneStatuses: Set<Int> = []

    /// The request for `mutation`.
    ///
    /// - Throws: ``PushError/unresolvedTarget(_:)`` when the mutation still
    ///   targets an entity created locally whose creation Sentry has not confirmed.
    init(_ mutation: PendingMutation) throws {
        let org = mutation.org
        let payload = mutation.payload
        if mutation.targetID.hasPrefix(localIDPrefix), !mutation.kind.createsEntity {
            throw PushError.unresolvedTarget(mutation.targetID)
        }
        switch mutation.kind {
        case .memberAdd:
            var body: [String: JSONValue] = [
                "email": payload["email"] ?? .null,
                "orgRole": payload["role"] ?? .string("member"),
            ]
            let teams = payload["teams"]?.arrayValue ?? []
            if !teams.isEmpty {
                body["teamRoles"] = .array(teams.map { .object(["teamSlug": $0, "role": .null]) })
            }
            endpoint = .addMember(org, body: .object(body))
        case .memberRemove:
            endpoint = .removeMember(org, id: mutation.targetID)
            doneStatuses = [404]
        case .projectCreate:
            var body: [String: JSONValue] = [
                "name": payload["name"] ?? .null, "slug": payload["slug"] ?? .null,
            ]
            if let platform = payload["platform"], !platform.isNull { body["platform"] = platform }
            endpoint = .createProject(
                org, team: payload["team"]?.stringValue ?? "", body: .object(body)
            )
        case .projectUpdate:
            endpoint = .updateProject(org, id: mutation.targetID, body: payload)
        case .projectDelete:
            endpoint = .deleteProject(org, id: mutation.targetID)
            doneStatuses = [404]
        }
    }

    /// `METHOD /api/0/path/ body` for `push --dry-run`.
    var summary: String {
        var text = "\(endpoint.method.rawValue) \(endpoint.apiPath)"
        if let body = endpoint.body { text += " " + body.canonicalText }
        return text
    }
}
