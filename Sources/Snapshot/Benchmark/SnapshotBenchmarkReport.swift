import Foundation

/// The outcome of ``SnapshotBenchmark/run(databasePath:)``: both times, both sizes, the ratio.
public struct SnapshotBenchmarkReport: Sendable, CustomStringConvertible {
    /// The mirror that was exported.
    public var databasePath: String
    /// Its size on disk in bytes.
    public var databaseSize: Int64
    /// The best wall-clock time of ``SnapshotExporter``, in seconds.
    public var exportSeconds: Double
    /// The CPU time (user and system, all threads) of that run, in seconds.
    public var exportCPUSeconds: Double
    /// The size of our snapshot in bytes.
    public var exportSize: Int64
    /// The best wall-clock time of the baseline (copy, then `gzip -6`), in seconds.
    public var baselineSeconds: Double
    /// The CPU time of that run (the `sqlite3` and `gzip` processes), in seconds.
    public var baselineCPUSeconds: Double
    /// The size of the baseline's `.gz` in bytes.
    public var baselineSize: Int64
    /// How the baseline copied the database.
    public var baselineCopyMethod: String
    /// How many times each side ran.
    public var repetitions: Int

    /// Our time over the baseline's; issue 4 aims at 1.2 or less.
    public var ratio: Double { exportSeconds / baselineSeconds }

    /// Whether the ratio meets the aim of issue 4.
    public var meetsAim: Bool { ratio <= 1.2 }

    /// A few aligned lines for the terminal.
    public var description: String {
        let baselineLabel = baselineCopyMethod + " + gzip -6"
        let width = max(baselineLabel.count, "sentry-mirror export".count)
        func row(_ label: String, _ seconds: Double, _ cpu: Double, _ size: Int64) -> String {
            let padded = label.padding(toLength: width, withPad: " ", startingAt: 0)
            let times = String(format: "%7.3f s  (cpu %.3f s)", seconds, cpu)
            return "  \(padded)  \(times)  \(size) bytes"
        }
        let verdict = meetsAim ? "met" : "not met"
        return """
            snapshot benchmark: \(databasePath) (\(databaseSize) bytes), best of \(repetitions)
            \(row("sentry-mirror export", exportSeconds, exportCPUSeconds, exportSize))
            \(row(baselineLabel, baselineSeconds, baselineCPUSeconds, baselineSize))
              ratio \(String(format: "%.2f", ratio)) (aim: at most 1.20, \(verdict))
            """
    }
}
