import Foundation
import MirrorJSON
import MirrorStore
import SentryAPI
import SentryEmulator
import SyncEngine

/// The fixture organization (`Fixtures/acme.json`: team `backend`, project
/// `legacy-app`, member `old.person@example.com`) served by an emulator on a
/// free loopback port, a fresh mirror pulled from it, and clients between them.
///
/// Two tokens are accepted: an owner's, and one with the scopes a test narrows.
final class PushHarness {
    static let org = "acme"

    let server: SentryEmulatorServer
    let folder: URL
    let database: MirrorDatabase
    /// A client with the owner token.
    let client: SentryClient
    /// A client whose token carries only the scopes given to the harness.
    let narrowClient: SentryClient
    private let ownerToken: String

    var state: EmulatorState { server.state }

    /// Starts the emulator and pulls once.
    ///
    /// - Parameter narrowScopes: the scopes of ``narrowClient``'s token.
    init(narrowScopes: [String] = EmulatorToken.ownerScopes) async throws {
        let owner = "push-owner-" + UUID().uuidString
        let narrow = "push-narrow-" + UUID().uuidString
        server = SentryEmulatorServer(
            state: try EmulatorState.fixture(contentsOf: Self.fixtureURL),
            options: EmulatorOptions(tokens: [
                EmulatorToken(value: owner), EmulatorToken(value: narrow, scopes: narrowScopes),
            ])
        )
        try server.start()
        folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("push-test-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        database = try MirrorDatabase.open(path: folder.appendingPathComponent("m.sqlite").path)
        ownerToken = owner
        client = try Self.client(server.baseURL, token: owner)
        narrowClient = try Self.client(server.baseURL, token: narrow)
        try await pull()
    }

    deinit {
        server.stop()
        try? FileManager.default.removeItem(at: folder)
    }

    static var fixtureURL: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent()  // Push
            .deletingLastPathComponent()  // SyncEngineTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // package root
            .appendingPathComponent("Fixtures/acme.json")
    }

    /// A client that retries at once (1 ms backoff, no real sleeping).
    private static func client(_ baseURL: URL, token: String) throws -> SentryClient {
        var policy = RetryPolicy(random: { 0 })
        policy.baseDelay = .milliseconds(1)
        policy.maxDelay = .milliseconds(2)
        return SentryClient(
            configuration: try SentryConfiguration(
                baseURL: baseURL.absoluteString, organization: org, token: try AuthToken(token)
            ),
            retryPolicy: policy,
            sleep: { _ in }
        )
    }

    // MARK: Steps

    func pull() async throws {
        _ = try await PullEngine(client: client, database: database).pull()
    }

    /// One push with the owner token (or `client`).
    @discardableResult
    func push(with client: SentryClient? = nil, dryRun: Bool = false) async throws -> PushReport {
        try await PushEngine(client: client ?? self.client, database: database)
            .push(dryRun: dryRun)
    }

    /// The server-clock time now, as a local write records it.
    var now: Date { client.clock.now() }

    // MARK: The mirror

    var pending: [PendingMutation] {
        get throws { try database.pendingMutations(org: Self.org) }
    }

    func localProject(_ idOrSlug: String) throws -> ProjectRecord? {
        try database.lookupProject(org: Self.org, idOrSlug: idOrSlug)
    }

    func localMember(_ idOrEmail: String) throws -> MemberRecord? {
        try database.lookupMember(org: Self.org, idOrEmail: idOrEmail)
    }

    func serverProjects() throws -> [ProjectRecord] {
        try database.projects(org: Self.org, source: .server).map(\.record)
    }

    /// Journal rows after `seq`, as `origin entity id op`.
    func journal(since seq: Int) throws -> [String] {
        try database.changes(since: seq, org: Self.org).map {
            "\($0.origin) \($0.entity) \($0.entityID) \($0.operation)"
        }
    }

    // MARK: The emulator

    /// The audit events (newest first) whose event name is `event`.
    func audit(_ event: String) -> [EmulatorAuditEntry] {
        state.auditEntries().filter { $0.event == event }
    }

    /// The organization as the emulator's listings render it.
    func emulatorJSON() throws -> JSONValue {
        try JSONValue(parsing: String(decoding: state.canonicalJSON(), as: UTF8.self))
    }

    /// The emulator's projects listing, by slug.
    func emulatorProjects() throws -> [String: JSONValue] {
        let projects = try emulatorJSON()["projects"]?.arrayValue ?? []
        var bySlug: [String: JSONValue] = [:]
        for project in projects {
            if let slug = project["slug"]?.stringValue { bySlug[slug] = project }
        }
        return bySlug
    }

    /// The emulator's members listing, by lowercased e-mail address.
    func emulatorMembers() throws -> [String: JSONValue] {
        let members = try emulatorJSON()["members"]?.arrayValue ?? []
        var byEmail: [String: JSONValue] = [:]
        for member in members {
            if let email = member["email"]?.stringValue { byEmail[email.lowercased()] = member }
        }
        return byEmail
    }

    /// The emulator id of the project with `slug` (a fixture project).
    func emulatorProjectID(_ slug: String) throws -> String {
        guard let id = try emulatorProjects()[slug]?["id"]?.stringValue else {
            throw PushHarnessError("the emulator has no project \(slug)")
        }
        return id
    }
}

struct PushHarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Whether an outcome is `.done`.
func isDone(_ outcome: PushReport.Outcome) -> Bool {
    if case .done = outcome { true } else { false }
}

extension PushReport {
    /// The outcome of the mutation with `id`, if the push looked at it.
    func outcome(_ id: Int64) -> Outcome? {
        entries.first { $0.mutationID == id }?.outcome
    }
}
