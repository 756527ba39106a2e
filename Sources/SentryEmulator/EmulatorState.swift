import Foundation
import Synchronization

/// An in-memory Sentry organization: its teams, members, projects, rename
/// redirects and audit log, plus the emulator's clock.
///
/// Thread-safe: every read and write takes one lock, so HTTP handlers on many
/// connection threads and in-process tests can share one state. Make one with
/// ``generated(org:teams:members:projects:seed:)`` or
/// ``fixture(contentsOf:)``; ``reset()`` returns to that initial data.
public final class EmulatorState: Sendable {
    private let data: Mutex<OrganizationData>
    private let initial: OrganizationData
    private let clockOffset = Mutex<Double>(0)

    init(data: OrganizationData) {
        var normalized = data
        normalized.normalizeIDs()
        self.data = Mutex(normalized)
        self.initial = normalized
    }

    /// Runs `body` with exclusive access to the organization.
    func withData<T>(_ body: (inout OrganizationData) throws -> T) rethrows -> T {
        try data.withLock { try body(&$0) }
    }

    /// The organization as it is now. Read routes render from this copy
    /// without holding the lock, so concurrent reads (a client reading several
    /// team member lists at once) run in parallel instead of one by one; the
    /// copy shares its storage with the state until a write changes it.
    func snapshot() -> OrganizationData {
        data.withLock { $0 }
    }

    // MARK: Clock

    /// Seconds the emulator's clock runs ahead of (positive) or behind
    /// (negative) the machine's clock; `Date` headers and audit times follow it.
    public var clockOffsetSeconds: Double {
        get { clockOffset.withLock { $0 } }
        set { clockOffset.withLock { $0 = newValue } }
    }

    /// The emulator's current time.
    public var now: Date {
        Date().addingTimeInterval(clockOffsetSeconds)
    }

    var nowMicros: Microseconds {
        Microseconds((now.timeIntervalSince1970 * 1_000_000).rounded())
    }

    // MARK: Reset and inspection

    /// Puts the organization back to the data it was made with (the audit log
    /// is emptied too). The clock offset is kept.
    public func reset() {
        data.withLock { $0 = initial }
    }

    /// The organization's slug.
    public var organizationSlug: String {
        withData { $0.slug }
    }

    /// How many members and pending invites the organization has.
    public var memberCount: Int {
        withData { $0.members.count }
    }

    /// How many visible (not deleted) projects the organization has.
    public var projectCount: Int {
        withData { $0.projects.filter { !$0.isDeleted }.count }
    }

    /// How many teams the organization has.
    public var teamCount: Int {
        withData { $0.teams.count }
    }

    /// The audit log, newest first.
    public func auditEntries() -> [EmulatorAuditEntry] {
        withData { org in
            org.audit.reversed().map {
                EmulatorAuditEntry(
                    event: $0.event,
                    targetObject: $0.targetObject,
                    data: $0.data,
                    dateCreated: Date(timeIntervalSince1970: Double($0.dateCreated) / 1_000_000)
                )
            }
        }
    }

    /// The organization as Sentry's list endpoints would render it (members,
    /// teams, projects; no audit log), as deterministic JSON bytes.
    ///
    /// Two states made from the same arguments give the same bytes.
    public func canonicalJSON() -> Data {
        let object: JSONNode = withData { org in
            let actor = org.actingMember
            let view = SentryJSON(org: org, caller: actor)
            return [
                "organization": view.organizationSummary(),
                "teams": JSONNode.array(org.sortedTeams.map { view.team($0, detailed: false) }),
                "members": JSONNode.array(org.members.map { view.member($0) }),
                "projects": JSONNode.array(org.visibleProjects.map { view.projectSummary($0) }),
            ]
        }
        return object.encoded()
    }
}

/// A public view of one audit-log row.
public struct EmulatorAuditEntry: Sendable, Equatable {
    /// The API event name, e.g. `member.invite` or `project.edit`.
    public var event: String
    /// The id of the member or project the event is about.
    public var targetObject: Int
    /// Event details, e.g. `old_slug` and `new_slug` for a rename.
    public var data: [String: String]
    /// The emulator's clock when the change was made.
    public var dateCreated: Date
}
