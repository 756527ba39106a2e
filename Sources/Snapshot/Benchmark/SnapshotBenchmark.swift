import CSQLite
import Foundation

/// Times ``SnapshotExporter`` against the shell baseline issue 4 names.
///
/// The baseline is `sqlite3 DB ".backup copy"` followed by `gzip -6 copy`.
/// When the `sqlite3` command is missing, the copy is taken with SQLite's
/// online backup API in this process instead, and the report says so. Each
/// side runs ``repetitions`` times in alternation and the fastest run counts,
/// which keeps a cold page cache or a busy neighbour from deciding the ratio.
/// Build with `-c release` before trusting the numbers: the checksum is Swift.
///
/// ```swift
/// let report = try SnapshotBenchmark.run(databasePath: "mirror.sqlite")
/// print(report)
/// ```
public enum SnapshotBenchmark {
    /// How often each side runs; the best time of each is reported.
    public static let repetitions = 3

    /// Runs both exports of the mirror at `databasePath` and compares them.
    ///
    /// Work files go to a fresh folder under the system's temporary folder
    /// and are removed afterwards; the mirror itself is only read.
    ///
    /// - Throws: ``SnapshotError`` when the database cannot be exported or
    ///   `gzip` cannot be found or fails.
    public static func run(databasePath: String) throws -> SnapshotBenchmarkReport {
        guard let gzip = findExecutable("gzip") else {
            throw SnapshotError(
                .fileSystem, path: "gzip",
                "The benchmark compares against `gzip -6`, which is not on PATH; install gzip.")
        }
        let sqlite3 = findExecutable("sqlite3")
        let folder = try makeWorkFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }

        var best = (ours: Timing.never, baseline: Timing.never)
        var sizes = (ours: Int64(0), baseline: Int64(0))
        for round in 0..<repetitions {
            let ours = "\(folder)/ours-\(round).gz"
            best.ours = min(best.ours, try measure {
                try SnapshotExporter.export(databasePath: databasePath, to: ours)
            })
            sizes.ours = FileSystem.size(of: ours) ?? 0
            FileSystem.removeIfPresent(ours)

            let copy = "\(folder)/copy-\(round)"
            best.baseline = min(best.baseline, try measure {
                try baselineCopy(databasePath, to: copy, sqlite3: sqlite3)
                try runTool(gzip, ["-6", "-f", copy])
            })
            sizes.baseline = FileSystem.size(of: copy + ".gz") ?? 0
            FileSystem.removeIfPresent(copy + ".gz")
            FileSystem.removeIfPresent(copy)
        }

        return SnapshotBenchmarkReport(
            databasePath: databasePath,
            databaseSize: FileSystem.size(of: databasePath) ?? 0,
            exportSeconds: best.ours.wall,
            exportCPUSeconds: best.ours.cpu,
            exportSize: sizes.ours,
            baselineSeconds: best.baseline.wall,
            baselineCPUSeconds: best.baseline.cpu,
            baselineSize: sizes.baseline,
            baselineCopyMethod: sqlite3 == nil
                ? "SQLite backup API in-process (no sqlite3 command on PATH)"
                : "sqlite3 .backup",
            repetitions: repetitions)
    }

    /// The copy step of the baseline: the `sqlite3` command, or the backup API without it.
    private static func baselineCopy(_ source: String, to copy: String, sqlite3: String?) throws {
        if let sqlite3 {
            try runTool(sqlite3, [source, ".backup '\(copy)'"])
        } else {
            try backupWithAPI(source, to: copy)
        }
    }

    /// Copies `source` to `destination` with sqlite3_backup_step, all pages in one step.
    private static func backupWithAPI(_ source: String, to destination: String) throws {
        var from: OpaquePointer?
        var to: OpaquePointer?
        defer {
            sqlite3_close_v2(from)
            sqlite3_close_v2(to)
        }
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        guard sqlite3_open_v2(source, &from, SQLITE_OPEN_READWRITE, nil) == SQLITE_OK,
            sqlite3_open_v2(destination, &to, flags, nil) == SQLITE_OK,
            let backup = sqlite3_backup_init(to, "main", from, "main")
        else {
            throw SnapshotError(
                .database, path: source, "The benchmark could not start a backup of \(source).")
        }
        let stepped = sqlite3_backup_step(backup, -1)
        let finished = sqlite3_backup_finish(backup)
        guard stepped == SQLITE_DONE, finished == SQLITE_OK else {
            throw SnapshotError(
                .database, path: source,
                "The benchmark's backup of \(source) failed (SQLite code \(stepped)).")
        }
    }

    /// Wall-clock and CPU seconds of one run; runs compare by wall-clock time.
    private struct Timing: Comparable {
        static let never = Timing(wall: .infinity, cpu: .infinity)
        var wall: Double
        var cpu: Double

        static func < (lhs: Timing, rhs: Timing) -> Bool { lhs.wall < rhs.wall }
    }

    /// Times `body`, with the CPU time of this process and of the children it waited for.
    ///
    /// CPU time is less disturbed by other work on a shared machine than wall-clock time.
    private static func measure(_ body: () throws -> Void) throws -> Timing {
        let cpuBefore = cpuSeconds()
        let clock = ContinuousClock()
        let elapsed = try clock.measure(body)
        let wall = Double(elapsed.components.seconds)
            + Double(elapsed.components.attoseconds) / 1e18
        return Timing(wall: wall, cpu: cpuSeconds() - cpuBefore)
    }

    /// User plus system CPU seconds of this process and its waited-for children so far.
    private static func cpuSeconds() -> Double {
        var total = 0.0
        for who in [RUSAGE_SELF, RUSAGE_CHILDREN] {
            var usage = rusage()
            getrusage(__rusage_who_t(who.rawValue), &usage)
            for time in [usage.ru_utime, usage.ru_stime] {
                total += Double(time.tv_sec) + Double(time.tv_usec) / 1e6
            }
        }
        return total
    }

    private static func runTool(_ executable: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw SnapshotError(
                .fileSystem, path: executable,
                "The benchmark's `\(executable) \(arguments.joined(separator: " "))` exited "
                    + "with status \(process.terminationStatus).")
        }
    }

    /// The first executable called `name` on PATH.
    static func findExecutable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    private static func makeWorkFolder() throws -> String {
        let folder = NSTemporaryDirectory() + "sentry-mirror-bench-\(UUID().uuidString)"
        do {
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw SnapshotError.writing(folder, error)
        }
        return folder
    }
}
