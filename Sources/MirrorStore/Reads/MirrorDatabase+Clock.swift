import FoundationEssentials

/// The client's estimate of the server clock, learned from `Date` headers.
public struct ClockOffset: Sendable, Equatable {
    /// Server clock minus local clock, in seconds.
    public var seconds: Double
    /// Local time the estimate was made.
    public var measuredAt: Date

    public init(seconds: Double, measuredAt: Date) {
        self.seconds = seconds
        self.measuredAt = measuredAt
    }
}

extension MirrorDatabase {
    /// Stores the clock offset of `org`, replacing the previous one.
    public func saveClockOffset(_ offset: ClockOffset, org: String) throws {
        try connection.transaction {
            try connection.run(
                "INSERT OR REPLACE INTO clock (org, offset_seconds, measured_at) VALUES (?, ?, ?)",
                org, offset.seconds, ServerTime.text(offset.measuredAt))
        }
    }

    /// The last stored clock offset of `org`, or `nil` before the first request.
    public func clockOffset(org: String) throws -> ClockOffset? {
        try connection.firstRow(
            "SELECT offset_seconds, measured_at FROM clock WHERE org = ?", org
        ) { row in
            ClockOffset(
                seconds: row.double(0),
                measuredAt: ServerTime.date(row.text(1)) ?? Date(timeIntervalSince1970: 0))
        }
    }
}
