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
    /// A database to pull into; it should be new, or the pull finds nothing to write.
    public var databasePath: String

    public init(configuration: SentryConfiguration, databasePath: String) {
        self.configuration = configuration
        self.databasePath = databasePath
    }

    /// Runs the pull, then the floor, and reports both.
    ///
    /// - Throws: what ``PullEngine/pull()`` throws, ``SentryAPI/SentryError``
    ///   when a request of the floor fails, `MirrorStoreError` when the database
    ///   cannot be opened.
    public func run() async throws -> PullBenchmarkReport {
        let peakBefore = Self.peakMemoryBytes()
        let recorder = RecordingTransport(base: URLSessionTransport())
        let client = SentryClient(configuration: configuration, transport: recorder)
        let database = try MirrorDatabase.open(path: databasePath)

        let started = ContinuousClock.now
        let summary = try await PullEngine(client: client, database: database).pull()
        let pullTime = ContinuousClock.now - started
        let peakAfterPull = Self.peakMemoryBytes()

        let requests = recorder.requests
        let floor = try await Self.floor(requests)
        return PullBenchmarkReport(
            summary: summary, pullSeconds: pullTime.seconds, requests: requests.count,
            floorSeconds: floor.time.seconds, floorBytes: floor.bytes,
            peakMemoryBeforePull: peakBefore, peakMemoryAfterPull: peakAfterPull
        )
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
