import FoundationEssentials

/// What the mirror holds for one organization.
public struct OrganizationStatus: Sendable, Equatable {
    public let org: String
    /// One entry per entity kind, in ``EntityKind/allCases`` order.
    public let resources: [ResourceStatus]
    /// Mutations queued or being sent.
    public let pendingMutations: Int
    /// Mutations Sentry refused, kept for the user.
    public let failedMutations: Int
    /// The highest journal sequence number of this organization (0 for none).
    public let journalHead: Int
}

/// What the mirror holds for one kind of entity of one organization.
public struct ResourceStatus: Sendable, Equatable {
    public let kind: EntityKind
    /// Rows in the local view.
    public let localRows: Int
    /// Rows in server state.
    public let serverRows: Int
    /// Server time the last complete listing finished, `nil` before the first.
    public let lastCompletedPull: Date?
    /// Whether a listing was started after the last one that completed.
    public let listingInProgress: Bool
    /// Queued or sending mutations of this kind.
    public let pendingMutations: Int
}

extension MirrorDatabase {
    /// The state of each organization in the mirror, or of `org` alone.
    public func status(org: String? = nil) throws -> [OrganizationStatus] {
        let orgs = try org.map { [$0] } ?? organizations()
        return try orgs.map(organizationStatus)
    }

    /// The organizations present in the mirror, sorted.
    public func organizations() throws -> [String] {
        try connection.rows(
            """
            SELECT org FROM sync_state UNION SELECT org FROM outbox
            UNION SELECT org FROM journal ORDER BY 1
            """
        ) { $0.text(0) }
    }

    private func organizationStatus(_ org: String) throws -> OrganizationStatus {
        let resources = try EntityKind.allCases.map { try resourceStatus(org: org, kind: $0) }
        let states = try connection.rows(
            "SELECT state, count(*) FROM outbox WHERE org = ? GROUP BY state", org
        ) { ($0.text(0), $0.int(1)) }
        let count = { (state: MutationState) in
            states.first { $0.0 == state.rawValue }?.1 ?? 0
        }
        let head = try connection.firstRow(
            "SELECT coalesce(max(seq), 0) FROM journal WHERE org = ?", org
        ) { $0.int(0) } ?? 0
        return OrganizationStatus(
            org: org, resources: resources,
            pendingMutations: count(.queued) + count(.sending),
            failedMutations: count(.failed), journalHead: head)
    }

    private func resourceStatus(org: String, kind: EntityKind) throws -> ResourceStatus {
        let count = { (sql: String) in
            try self.connection.firstRow(sql, org) { $0.int(0) } ?? 0
        }
        let sync = try connection.firstRow(
            "SELECT listing, completed_listing, completed_at FROM sync_state "
                + "WHERE org = ? AND resource = ?", org, kind.rawValue
        ) { ($0.int(0), $0.int(1), $0.optionalText(2)) }
        let pending = try connection.firstRow(
            "SELECT count(*) FROM outbox WHERE org = ? AND entity = ? "
                + "AND state IN ('queued', 'sending')", org, kind.rawValue
        ) { $0.int(0) } ?? 0
        return ResourceStatus(
            kind: kind,
            localRows: try count("SELECT count(*) FROM \(kind.rawValue) WHERE org = ?"),
            serverRows: try count("SELECT count(*) FROM \(kind.serverTable) WHERE org = ?"),
            lastCompletedPull: sync?.2.flatMap(ServerTime.date),
            listingInProgress: sync.map { $0.0 > $0.1 } ?? false,
            pendingMutations: pending)
    }
}
