import Foundation
@testable import MirrorStore
import SentryEmulator
import SyncEngine
import Testing

/// The write with the later server timestamp wins: a local update made before
/// a colleague's change of the same project loses; one made after a pull saw
/// that change wins.
struct ConflictRuleTests {
    private static let seen = Date(timeIntervalSince1970: 1_800_000_000)

    private static func version(_ version: Int) -> ServerVersion {
        ServerVersion(version: version, firstSeenAt: seen, confirmedAt: seen.addingTimeInterval(60))
    }

    @Test func anUnchangedServerRowLetsTheMutationGo() {
        let decision = ConflictRule.decide(
            madeAt: Self.seen.addingTimeInterval(-600), baseVersion: 3, server: Self.version(3)
        )
        #expect(decision == .send)
    }

    @Test func aRowThatChangedAfterTheMutationWasMadeWins() {
        let decision = ConflictRule.decide(
            madeAt: Self.seen.addingTimeInterval(-1), baseVersion: 3, server: Self.version(4)
        )
        #expect(decision == .serverWins(changedBy: Self.seen))
    }

    @Test func aTieGoesToSentry() {
        let decision = ConflictRule.decide(
            madeAt: Self.seen, baseVersion: 3, server: Self.version(4)
        )
        #expect(decision == .serverWins(changedBy: Self.seen))
    }

    @Test func aMutationMadeAfterThePullThatSawTheChangeWins() {
        let decision = ConflictRule.decide(
            madeAt: Self.seen.addingTimeInterval(1.5), baseVersion: 3, server: Self.version(4)
        )
        #expect(decision == .send)
    }

    @Test func timesWithinTheClockMarginAreATieThatSentryWins() {
        let decision = ConflictRule.decide(
            madeAt: Self.seen.addingTimeInterval(0.5), baseVersion: 3, server: Self.version(4)
        )
        #expect(decision == .serverWins(changedBy: Self.seen))
    }

    @Test func anAuditedChangeTimeReplacesThePullBound() {
        let audited = Self.seen.addingTimeInterval(-60)
        let decision = ConflictRule.decide(
            madeAt: Self.seen.addingTimeInterval(-30), baseVersion: 3, server: Self.version(4),
            auditedChange: audited
        )
        #expect(decision == .send)
    }

    @Test func creationsAndRowsSentryNoLongerListsAreSent() {
        let early = Self.seen.addingTimeInterval(-100)
        #expect(ConflictRule.decide(madeAt: early, baseVersion: nil, server: Self.version(2))
            == .send)
        #expect(ConflictRule.decide(madeAt: early, baseVersion: 2, server: nil) == .send)
    }

    @Test func anUpdateMadeBeforeAColleaguesRenameLosesAndIsKept() async throws {
        let harness = try await PushHarness()
        let id = try harness.emulatorProjectID("api")
        let update = try harness.database.updateProject(
            org: PushHarness.org, idOrSlug: "api", name: "Mine", madeAt: harness.now
        )
        try harness.state.apply(.renameProject(idOrSlug: id, slug: "api-v2", name: "Theirs"))
        try await harness.pull()
        #expect(try harness.pending.first?.state == .queued)  // the pull kept it

        let report = try await harness.push()

        guard case .failed(let message) = report.outcome(update.id) else {
            Issue.record("expected the update to lose: \(report.entries)")
            return
        }
        #expect(message.contains("Sentry's later change wins"), "\(message)")
        let server = try harness.emulatorProjects()
        #expect(server["api-v2"]?["name"]?.stringValue == "Theirs")
        #expect(harness.audit("project.edit").count == 1)  // the colleague's only
        let local = try #require(try harness.localProject(id))
        #expect(local.slug == "api-v2" && local.name == "Theirs")
        #expect(try harness.pending.first?.lastError == message)
        #expect(try harness.database.rebuildLocalView(org: PushHarness.org) == 0)
    }

    @Test func aRetriedConflictLoserIsSentAnyway() async throws {
        let harness = try await PushHarness()
        let id = try harness.emulatorProjectID("api")
        let update = try harness.database.updateProject(
            org: PushHarness.org, idOrSlug: "api", name: "Mine", madeAt: harness.now
        )
        try harness.state.apply(.renameProject(idOrSlug: id, name: "Theirs"))
        try await harness.pull()
        let lost = try await harness.push()
        guard case .failed = lost.outcome(update.id) else {
            Issue.record("expected the update to lose: \(lost.entries)")
            return
        }

        try harness.database.retry(id: update.id)
        let report = try await harness.push()

        #expect(report.outcome(update.id) == .done(serverID: id, adopted: false))
        #expect(try harness.emulatorProjects()["api"]?["name"]?.stringValue == "Mine")
        #expect(try harness.pending.isEmpty)
    }

    @Test func anUpdateMadeAfterAPullThatSawTheRenameWinsAndIsSent() async throws {
        let harness = try await PushHarness()
        let id = try harness.emulatorProjectID("api")
        try harness.state.apply(.renameProject(idOrSlug: id, slug: "api-v2", name: "Theirs"))
        try await harness.pull()
        // Stored times have millisecond precision: make sure the write comes later.
        try await Task.sleep(for: .milliseconds(5))
        let update = try harness.database.updateProject(
            org: PushHarness.org, idOrSlug: "api-v2", name: "Mine", madeAt: harness.now
        )

        let report = try await harness.push()

        #expect(report.outcome(update.id) == .done(serverID: id, adopted: false))
        let server = try harness.emulatorProjects()
        #expect(server["api-v2"]?["name"]?.stringValue == "Mine")
        #expect(harness.audit("project.edit").count == 2)
        #expect(try harness.pending.isEmpty)
        #expect(try harness.localProject(id)?.name == "Mine")
    }

    @Test func anUpdateMadeBeforeAPullThatSawNoChangeOfItsProjectIsSent() async throws {
        let harness = try await PushHarness()
        let id = try harness.emulatorProjectID("api")
        let update = try harness.database.updateProject(
            org: PushHarness.org, idOrSlug: "api", name: "Mine", madeAt: harness.now
        )
        try harness.state.apply(.renameProject(idOrSlug: "web-app", name: "Other"))
        try await harness.pull()

        let report = try await harness.push()

        #expect(report.outcome(update.id) == .done(serverID: id, adopted: false))
        #expect(try harness.emulatorProjects()["api"]?["name"]?.stringValue == "Mine")
    }

    @Test(arguments: [true, false])
    func theAuditLogDatesAChangeThePullsOnlyBound(auditReadable: Bool) async throws {
        let scopes = EmulatorToken.ownerScopes.filter { $0 != "org:write" && $0 != "org:admin" }
        let harness = try await PushHarness(narrowScopes: auditReadable
            ? EmulatorToken.ownerScopes : scopes + ["org:read"])
        let id = try harness.emulatorProjectID("api")
        // The colleague renames first; our update comes later but before any pull
        // saw the rename, so the pulls alone cannot tell which write was later.
        // Server-clock times are estimates good to about a second: the two
        // writes are further apart than the rule's margin plus that error.
        try harness.state.apply(.renameProject(idOrSlug: id, name: "Theirs"))
        try await Task.sleep(for: .milliseconds(2_600))
        let update = try harness.database.updateProject(
            org: PushHarness.org, idOrSlug: "api", platform: "rust", madeAt: harness.now
        )
        try await harness.pull()

        let report = try await harness.push(with: harness.narrowClient)

        if auditReadable {
            #expect(report.outcome(update.id) == .done(serverID: id, adopted: false))
            #expect(try harness.emulatorProjects()["api"]?["platform"]?.stringValue == "rust")
        } else {
            guard case .failed(let message) = report.outcome(update.id) else {
                Issue.record("expected Sentry's change to win: \(report.entries)")
                return
            }
            #expect(message.contains("Sentry's later change wins"), "\(message)")
        }
    }
}
