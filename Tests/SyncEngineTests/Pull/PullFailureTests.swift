import Foundation
import MirrorStore
import SentryAPI
import SentryEmulator
import SyncEngine
import Testing

/// A listing that does not complete deletes nothing (DESIGN.md invariant 3),
/// and rate limits are waited out as Sentry's headers say.
struct PullFailureTests {
    private static let membersPath = "/api/0/organizations/{org}/members/"
    /// The cursor of the third page of a 100-per-page listing (`limit:page:is_prev`).
    private static let thirdPageCursor = "100:2:0"

    @Test(arguments: [EmulatorFaultAction.status(503), .drop])
    func aMembersListingThatFailsOnItsThirdPageDeletesNothing(
        fault: EmulatorFaultAction
    ) async throws {
        let harness = try PullHarness(teams: 5, members: 350, projects: 12)
        try await harness.pull()
        let mirrored = Set(try harness.column("select id from members"))
        let head = try harness.database.journalSequence
        let removed = try harness.database.members(org: PullHarness.org).map(\.record)
            .filter { $0.orgRole == "member" }.prefix(3).map(\.id)
        #expect(removed.count == 3)
        for id in removed { try harness.state.apply(.removeMember(id: Int(id)!)) }
        harness.server.addFault(EmulatorFault(
            method: "GET", path: Self.membersPath, match: ["cursor": Self.thirdPageCursor],
            action: fault, times: nil
        ))
        harness.server.resetRequestCounts()

        let error = await #expect(throws: SentryError.self) { try await harness.pull() }

        // The client spent its whole retry budget on page 3, then gave up.
        let budget = harness.client.retryPolicy.maxAttempts
        switch (fault, error) {
        case (.status(let status), .server(let answered, _, let attempts)?):
            #expect(answered == status)
            #expect(attempts == budget)
        case (.drop, .network(_, let attempts)?):
            #expect(attempts == budget)
        default:
            Issue.record("\(fault) should end in its own error, not \(String(describing: error))")
        }
        let page3Requests = (harness.server.requestCounts()["GET " + Self.membersPath] ?? 0) - 2
        if fault == .drop {
            // libcurl itself sends a request once more when a reused
            // connection closes without an answer, so an attempt may be two.
            #expect((budget...2 * budget).contains(page3Requests))
        } else {
            #expect(page3Requests == budget)
        }
        #expect(Set(try harness.column("select id from members")) == mirrored)
        #expect(try harness.count("select count(*) from server_members") == mirrored.count)
        let deletes = try harness.database.changes(since: head).filter { $0.operation == .delete }
        #expect(deletes.isEmpty)

        harness.server.clearFaults()
        let summary = try await harness.pull()

        #expect(Set(try harness.column("select id from members")) == mirrored.subtracting(removed))
        #expect(summary.members.removed == 3)
        let memberDeletes = try harness.database.changes(since: head, entity: "members")
            .filter { $0.operation == .delete }.map(\.entityID)
        #expect(memberDeletes.sorted() == removed.sorted())
        let links = try harness.count(
            "select count(*) from team_members where member_id in ('"
                + removed.joined(separator: "','") + "')"
        )
        #expect(links == 0)
    }

    @Test func aRateLimitedPullWaitsUntilTheResetSentryNamesAndGetsEveryRow() async throws {
        // No jitter, and a backoff (150 ms) unlike any rate-limit wait, so a
        // wait of exactly 0 s or 1 s can only come from the reset header read
        // against the `Date` header (both whole seconds).
        var policy = RetryPolicy(random: { 0 })
        policy.rateLimitJitter = .zero
        policy.baseDelay = .milliseconds(300)
        policy.maxRateLimitWaits = 20
        let harness = try PullHarness(
            teams: 4, members: 250, projects: 7, rateLimitPerSecond: 3, retryPolicy: policy,
            realSleep: true
        )

        let summary = try await harness.pull()

        let waits = harness.waits.all
        #expect(!waits.isEmpty, "a limit of 3 a second should have answered 429")
        #expect(waits.allSatisfy { $0 == .zero || $0 == .seconds(1) }, "waits: \(waits)")
        #expect(waits.contains(.seconds(1)))
        #expect(harness.server.totalRequests == summary.pages + waits.count)
        #expect(summary.requests == harness.server.totalRequests)
        #expect(try harness.count("select count(*) from members") == 250)
        #expect(try harness.count("select count(*) from projects") == 7)
        #expect(try harness.count("select count(*) from teams") == 4)
    }

    @Test func aPullRefusedOutrightWritesNothingToTheMirror() async throws {
        let harness = try PullHarness(teams: 2, members: 5, projects: 2)
        try await harness.pull()
        let path = harness.folder.appendingPathComponent("m.sqlite").path
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let wrongOrg = SentryClient(configuration: try SentryConfiguration(
            baseURL: harness.server.baseURL.absoluteString, organization: "acmee",
            token: harness.client.configuration.token
        ))

        await #expect(throws: SentryError.self) {
            try await PullEngine(client: wrongOrg, database: harness.database).pull()
        }

        #expect(try harness.database.organizations() == [PullHarness.org])
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }
}
