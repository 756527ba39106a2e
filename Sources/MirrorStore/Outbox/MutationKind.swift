/// The kinds of local writes the outbox replays against Sentry.
///
/// The raw value is stored in `outbox.kind`. Payloads (`outbox.payload`, JSON):
/// - `member.add`: `{"email", "role", "teams": [team slug]}`; target `local:<outbox id>`.
/// - `member.remove`: `{"id"}`; target the member id.
/// - `project.create`: `{"name", "slug", "platform", "team"}` (team slug);
///   target `local:<outbox id>`.
/// - `project.update`: `{"name"?, "slug"?, "platform"?}`; target the project id.
/// - `project.delete`: `{}`; target the project id.
public enum MutationKind: String, Sendable, Hashable, CaseIterable {
    case memberAdd = "member.add"
    case memberRemove = "member.remove"
    case projectCreate = "project.create"
    case projectUpdate = "project.update"
    case projectDelete = "project.delete"

    /// The kind of entity the mutation changes.
    public var entity: EntityKind {
        switch self {
        case .memberAdd, .memberRemove: .members
        case .projectCreate, .projectUpdate, .projectDelete: .projects
        }
    }

    /// Whether the mutation creates its entity under a `local:` id.
    public var createsEntity: Bool { self == .memberAdd || self == .projectCreate }
}

/// Where a pending mutation stands.
public enum MutationState: String, Sendable, Hashable {
    /// Waiting for `push`; its effect is in the local view.
    case queued
    /// A request for it may be on the wire; its effect is in the local view.
    case sending
    /// Sentry refused it; its effect is withdrawn until the user retries or drops it.
    case failed
}

/// The id prefix of entities created locally and not yet confirmed by Sentry.
public let localIDPrefix = "local:"
