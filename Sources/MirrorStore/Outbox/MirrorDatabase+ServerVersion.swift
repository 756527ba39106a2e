import FoundationEssentials

/// The version of one server row, for the conflict rule.
public struct ServerVersion: Sendable, Equatable {
    /// Grows by one each time the row's content changes.
    public let version: Int
    /// Server time at which the row was first seen in its current form: the
    /// change it carries happened at or before this time.
    public let firstSeenAt: Date
    /// Server time at which a listing last confirmed the row.
    public let confirmedAt: Date
}

extension MirrorDatabase {
    /// The version of the server row of `kind` with `id`, or `nil` when Sentry
    /// has not listed it (or it was removed).
    public func serverVersion(org: String, kind: EntityKind, id: String) throws -> ServerVersion? {
        try connection.firstRow(
            "SELECT version, first_seen_at, confirmed_at FROM \(kind.serverTable) "
                + "WHERE org = ? AND id = ?", org, id
        ) { row in
            ServerVersion(
                version: row.int(0),
                firstSeenAt: ServerTime.date(row.text(1)) ?? Date(timeIntervalSince1970: 0),
                confirmedAt: ServerTime.date(row.text(2)) ?? Date(timeIntervalSince1970: 0)
            )
        }
    }
}
