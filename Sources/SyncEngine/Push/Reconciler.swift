import Foundation
import MirrorJSON
import MirrorStore
import SentryAPI

/// Finds out whether a mutation already took effect on Sentry.
///
/// A mutation that was sent before (its attempt count is above zero) may
/// have been applied even though no answer was recorded: the process died,
/// or the connection dropped after the write. Before sending it again, push
/// reads the entity back and adopts what it finds, so that no mutation takes
/// effect twice (DESIGN.md, invariant 2).
struct Reconciler {
    let client: SentryClient

    /// What the read-back found.
    enum Finding: Sendable {
        /// The effect is there; `object` is Sentry's view of the entity, if any.
        case alreadyDone(object: JSONValue?)
        /// The effect is not there: send the mutation.
        case notDone
    }

    func check(_ mutation: PendingMutation) async throws -> Finding {
        let org = mutation.org
        let payload = mutation.payload
        switch mutation.kind {
        case .memberAdd:
            let email = payload["email"]?.stringValue ?? ""
            let response = try await client.send(
                Endpoint.members(org).setting("query", to: "email:\(email)")
            )
            let found = try response.json().arrayValue?.first { member in
                member["email"]?.stringValue?.lowercased() == email.lowercased()
            }
            return found.map { .alreadyDone(object: $0) } ?? .notDone
        case .memberRemove:
            let response = try await client.send(
                .member(org, id: mutation.targetID), acceptStatuses: [404]
            )
            return response.status == 404 ? .alreadyDone(object: nil) : .notDone
        case .projectCreate:
            let slug = payload["slug"]?.stringValue ?? ""
            let response = try await client.send(
                .project(org, idOrSlug: slug), acceptStatuses: [404]
            )
            guard response.status != 404 else { return .notDone }
            let project = try response.json()
            let team = payload["team"]?.stringValue
            let teams = project["teams"]?.arrayValue?.compactMap { $0["slug"]?.stringValue } ?? []
            return teams.contains { $0 == team } ? .alreadyDone(object: project) : .notDone
        case .projectUpdate:
            let response = try await client.send(
                .project(org, idOrSlug: mutation.targetID), acceptStatuses: [404]
            )
            guard response.status != 404 else { return .notDone }
            let project = try response.json()
            let applied = payload.objectValue?.allSatisfy { project[$0.key] == $0.value } ?? false
            return applied ? .alreadyDone(object: project) : .notDone
        case .projectDelete:
            let response = try await client.send(
                .project(org, idOrSlug: mutation.targetID), acceptStatuses: [404]
            )
            return response.status == 404 ? .alreadyDone(object: nil) : .notDone
        }
    }
}
