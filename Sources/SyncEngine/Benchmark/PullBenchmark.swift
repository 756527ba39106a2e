import Foundation
import MirrorStore
import SentryAPI

/// Measures a pull against its floor: the same requests sent one after the
/// other with nothing done to the answers.
///
/// The pull runs first, through a transport that records every request; the
/// floor then sends those requests again, in the same order, one at a time,
/// through a fresh ``SentryAPI/URLSessionTransport`` (the pull's transport),
/// reading each body and doing nothing with it: no decoding, no database.
/// The ratio of the two says what decoding, diffing and writing cost on top
/// of the network (issue 2 aims at 1.3 or less).
///
/// ```swift
/// let benchmark = PullBenchmark(configuration: configuration, databasePath: path)
/// print(try await benchmark.run())
/// ```
///
/// The server is the caller's business: the `benchmark pull` command starts
/// the emulator in-process, with its latency, and points this at it.
public struct PullBenchmark: Sendable {
    /// Where and as whom to pull.
    public var configuration: SentryConfiguration
    /// A new database to pull into; later rounds use `<path>.round2` and so on.
    public var databasePath: String
    /// How many times the pull and the floor run, alternating; the report
    /// takes the median of each, which a busy machine disturbs less than one run.
    public var rounds: Int

    public init(configuration: SentryConfiguration, databasePath: String, rounds: Int = 1) {
        self.configuration = configuration
        self.databasePath = databasePath
        self.rounds = max(1, rounds)
    }

    /// The database of round `round` (1-based).
    public func databasePath(round: Int) -> String {
        round == 1 ? databasePath : databasePath + ".round\(round)"
    }

    /// Runs the pull, then the floor, `rounds` times, and reports the medians.
    ///
    /// - Throws: what ``PullEngine/pull()`` throws, ``SentryAPI/SentryError``
    ///   when a request of the floor fails, `MirrorStoreError` when the database
    ///   cannot be opened.
    public func run() async throws -> PullBenchmarkReport {
        let peakBefore = Self.peakMemoryBytes()
        var pulls: [Double] = []
        var floors: [Double] = []
        var pullCPU: [Double] = []
        var floorCPU: [Double] = []
        var first: (summary: PullSummary, requests: [HTTPRequest], peak: Int)?
        var floorBytes = 0
        for round in 1...rounds {
            var cpu = Self.cpuSeconds()
            let (summary, requests, seconds) = try await pull(into: databasePath(round: round))
            pullCPU.append(Self.cpuSeconds() - cpu)
            if first == nil { first = (summary, requests, Self.peakMemoryBytes()) }
            pulls.append(seconds)
            cpu = Self.cpuSeconds()
            let floor = try await Self.floor(first?.requests ?? requests)
            floorCPU.append(Self.cpuSeconds() - cpu)
            floors.append(floor.time.seconds)
            floorBytes = floor.bytes
        }
        // `rounds` is at least 1, so the loop ran and set `first`.
        let (summary, requests, peakAfterPull) = first!
        return PullBenchmarkReport(
            summary: summary, pullSeconds: Self.median(pulls), requests: requests.count,
            floorSeconds: Self.median(floors), floorBytes: floorBytes,
            peakMemoryBeforePull: peakBefore, peakMemoryAfterPull: peakAfterPull,
            pullRounds: pulls, floorRounds: floors,
            pullCPUSeconds: Self.median(pullCPU), floorCPUSeconds: Self.median(floorCPU)
        )
    }

    /// One pull into a new database through a recording transport.
    private func pull(
        into path: String
    ) async throws -> (PullSummary, [HTTPRequest], seconds: Double) {
        let recorder = RecordingTransport(base: URLSessionTransport())
        let client = SentryClient(configuration: configuration, transport: recorder)
        let database = try MirrorDatabase.open(path: path)
        let started = ContinuousClock.now
        let summary = try await PullEngine(client: client, database: database).pull()
        let seconds = (ContinuousClock.now - started).seconds
        return (summary, recorder.requests, seconds)
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// Sends `requests` one at a time and reads the bodies; returns the time and the bytes.
    static func floor(_ requests: [HTTPRequest]) async throws -> (time: Duration, bytes: Int) {
        let transport = URLSessionTransport()
        var bytes = 0
        let started = ContinuousClock.now
        for request in requests {
            let response = try await transport.send(request)
            guard (200...299).contains(response.status) else {
                throw SentryError.http(
                    status: response.status, detail: "the floor's GET of \(request.url.path)",
                    body: ""
                )
            }
            bytes += response.body.count
        }
        return (ContinuousClock.now - started, bytes)
    }

    /// User plus system CPU seconds of the whole process so far (all threads,
    /// the in-process emulator's included).
    public static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return [usage.ru_utime, usage.ru_stime].reduce(0) { total, time in
            total + Double(time.tv_sec) + Double(time.tv_usec) / 1e6
        }
    }

    /// The peak resident set size of this process so far (`ru_maxrss`), in bytes.
    public static func peakMemoryBytes() -> Int {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        // Linux reports ru_maxrss in kilobytes.
        return usage.ru_maxrss * 1024
    }
}

extension Duration {
    /// The duration in seconds, as a floating-point number.
    var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) / 1e18
    }
}
