import Foundation
import MirrorJSON
import MirrorStore
import SentryAPI
import SentryEmulator
import Synchronization
import SyncEngine

/// An emulator on a free loopback port, a fresh mirror in a temporary folder
/// and a client between them; everything is torn down with the harness.
final class PullHarness {
    static let org = "acme"

    let server: SentryEmulatorServer
    let folder: URL
    let database: MirrorDatabase
    let client: SentryClient
    /// Every wait the client asked for between attempts, in order.
    let waits: WaitRecorder

    var state: EmulatorState { server.state }

    /// Starts an emulator serving a generated organization.
    ///
    /// - Parameters:
    ///   - retryPolicy: the client's policy; the default retries quickly so
    ///     that a test of giving up does not wait seconds.
    ///   - realSleep: whether the client really sleeps the waits it records
    ///     (a 429 must be waited out for the next window to open).
    init(
        teams: Int, members: Int, projects: Int,
        rateLimitPerSecond: Int? = nil,
        retryPolicy: RetryPolicy = PullHarness.fastRetries,
        realSleep: Bool = false
    ) throws {
        let token = "sync-test-" + UUID().uuidString
        server = SentryEmulatorServer(
            state: .generated(org: Self.org, teams: teams, members: members, projects: projects),
            options: EmulatorOptions(
                rateLimitPerSecond: rateLimitPerSecond, tokens: [EmulatorToken(value: token)]
            )
        )
        try server.start()
        folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("sync-engine-test-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        database = try MirrorDatabase.open(path: folder.appendingPathComponent("m.sqlite").path)

        let waits = WaitRecorder()
        self.waits = waits
        client = SentryClient(
            configuration: try SentryConfiguration(
                baseURL: server.baseURL.absoluteString, organization: Self.org,
                token: try AuthToken(token)
            ),
            retryPolicy: retryPolicy,
            sleep: { delay in
                waits.record(delay)
                if realSleep { try await Task.sleep(for: delay) }
            }
        )
    }

    deinit {
        server.stop()
        try? FileManager.default.removeItem(at: folder)
    }

    /// Retries with 1 ms backoff and no jitter: the attempt budget is kept, the time is not.
    static var fastRetries: RetryPolicy {
        var policy = RetryPolicy(random: { 0 })
        policy.baseDelay = .milliseconds(1)
        policy.maxDelay = .milliseconds(2)
        return policy
    }

    /// Runs one pull.
    @discardableResult
    func pull() async throws -> PullSummary {
        try await PullEngine(client: client, database: database).pull()
    }

    /// The first column of the first row of `sql`, as an integer.
    func count(_ sql: String) throws -> Int {
        let result = try database.readOnlyQuery(sql: sql)
        guard let value = result.rows.first?.first, let number = Int(value.description) else {
            throw HarnessError("no number from `\(sql)`: \(result.rows)")
        }
        return number
    }

    /// The first column of every row of `sql`, as text.
    func column(_ sql: String) throws -> [String] {
        try database.readOnlyQuery(sql: sql).rows.map { $0[0].description }
    }

    /// The organization as the emulator would list it, parsed.
    func emulatorJSON() throws -> JSONValue {
        try JSONValue(parsing: String(decoding: state.canonicalJSON(), as: UTF8.self))
    }
}

/// Records the waits a client asks for.
final class WaitRecorder: Sendable {
    private let recorded = Mutex<[Duration]>([])

    func record(_ delay: Duration) {
        recorded.withLock { $0.append(delay) }
    }

    var all: [Duration] { recorded.withLock { $0 } }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Pages a listing of `count` objects needs at 100 a page: at least one (an
/// empty listing is one empty page), and no extra empty page after an exact
/// multiple of 100, since Sentry's paginator says `results="true"` only when
/// a next row exists.
func pagesNeeded(_ count: Int) -> Int {
    max(1, (count + 99) / 100)
}
