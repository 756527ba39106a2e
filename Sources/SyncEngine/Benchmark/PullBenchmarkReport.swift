import Foundation

/// The figures of one ``PullBenchmark`` run.
public struct PullBenchmarkReport: Sendable, CustomStringConvertible {
    /// What the pull did.
    public var summary: PullSummary
    /// Wall time of the pull, in seconds (the median of the rounds).
    public var pullSeconds: Double
    /// HTTP requests the pull sent (the floor sends the same ones).
    public var requests: Int
    /// Wall time of the floor, in seconds (the median of the rounds).
    public var floorSeconds: Double
    /// Body bytes the floor received.
    public var floorBytes: Int
    /// Peak resident memory of the process before the pull started, in bytes.
    public var peakMemoryBeforePull: Int
    /// Peak resident memory of the process once the first pull ended, in bytes.
    public var peakMemoryAfterPull: Int
    /// Wall time of each round's pull, in seconds.
    public var pullRounds: [Double]
    /// Wall time of each round's floor, in seconds.
    public var floorRounds: [Double]
    /// CPU time of the process during the pull (median), the emulator's included.
    public var pullCPUSeconds: Double
    /// CPU time of the process during the floor (median), the emulator's included.
    public var floorCPUSeconds: Double

    /// The aim of issue 2 for ``ratio``.
    public static let ratioAim = 1.3
    /// The aim of issue 2 for the peak memory, in bytes.
    public static let memoryAim = 100 * 1024 * 1024

    /// Objects and links the pull read: teams, members, projects, team memberships.
    public var rows: Int {
        summary.teams.listed + summary.members.listed + summary.projects.listed
            + summary.teamMemberships.listed
    }

    /// Rows per second of the pull.
    public var rowsPerSecond: Double { Double(rows) / pullSeconds }

    /// Pull time over floor time.
    public var ratio: Double { pullSeconds / floorSeconds }

    /// Whether both aims are met.
    public var meetsAims: Bool {
        ratio <= Self.ratioAim && peakMemoryAfterPull < Self.memoryAim
    }

    public var description: String {
        func megabytes(_ bytes: Int) -> String {
            String(format: "%.1f MB", Double(bytes) / 1_048_576)
        }
        func verdict(_ met: Bool) -> String { met ? "met" : "not met" }
        func list(_ times: [Double]) -> String {
            times.map { String(format: "%.3f", $0) }.joined(separator: " ")
        }
        let roundLines = pullRounds.count < 2 ? [] : [
            "  rounds       \(pullRounds.count), medians above; pull \(list(pullRounds)) s, "
                + "floor \(list(floorRounds)) s",
        ]
        let s = summary
        return ([
            "pull benchmark: \(s.organization), \(s.teams.listed) teams, "
                + "\(s.members.listed) members, \(s.projects.listed) projects, "
                + "\(s.teamMemberships.listed) team memberships",
            "  pull         " + String(format: "%8.3f s", pullSeconds)
                + "  \(requests) requests, \(rows) rows, "
                + String(format: "%.0f rows/s, ", rowsPerSecond)
                + "\(s.journalRows) journal rows, "
                + String(format: "cpu %.3f s", pullCPUSeconds),
            "  floor        " + String(format: "%8.3f s", floorSeconds)
                + "  the same \(requests) GETs one at a time, bodies read and dropped "
                + "(\(megabytes(floorBytes))), "
                + String(format: "cpu %.3f s", floorCPUSeconds),
            "  ratio        " + String(format: "%8.2f", ratio)
                + String(format: "    (aim: at most %.1f, ", Self.ratioAim)
                + verdict(ratio <= Self.ratioAim) + ")",
            "  peak memory  \(megabytes(peakMemoryAfterPull)) "
                + "(\(megabytes(peakMemoryBeforePull)) before the pull, emulator included; "
                + "aim: under 100 MB, \(verdict(peakMemoryAfterPull < Self.memoryAim)))",
        ] + roundLines).joined(separator: "\n")
    }
}
