import Foundation
import MirrorStore
import SentryEmulator
import SyncEngine
import Testing

/// A pull between a local write and its push neither drops nor alters the
/// mutation, and the local view stays server state plus pending mutations.
struct PullKeepsPendingTests {
    /// One local write of each kind against the fixture.
    private static func writeEachKind(_ harness: PushHarness) throws {
        let database = harness.database
        let org = PushHarness.org
        try database.addMember(
            org: org, email: "new.person@example.com", teamSlugs: ["backend"],
            madeAt: harness.now)
        try database.createProject(
            org: org, name: "Billing API", platform: "python", teamSlug: "backend",
            madeAt: harness.now)
        try database.updateProject(org: org, idOrSlug: "api", name: "Public API", madeAt: harness.now)
        try database.deleteProject(org: org, idOrSlug: "legacy-app", madeAt: harness.now)
        try database.removeMember(
            org: org, idOrEmail: "old.person@example.com", madeAt: harness.now)
    }

    @Test func aPullThatFindsNothingNewChangesNeitherTheQueueNorTheView() async throws {
        let harness = try await PushHarness()
        try Self.writeEachKind(harness)
        let queue = try harness.pending
        let view = try harness.database.localViewContents(org: PushHarness.org)
        let head = try harness.database.journalSequence

        try await harness.pull()

        #expect(try harness.pending == queue)
        #expect(try harness.database.localViewContents(org: PushHarness.org) == view)
        #expect(try harness.database.journalSequence == head)
    }

    @Test func aPullThatBringsOtherChangesKeepsEveryPendingEffect() async throws {
        let harness = try await PushHarness()
        try Self.writeEachKind(harness)
        let queue = try harness.pending
        let api = try harness.emulatorProjectID("api")
        let colleague = try #require(try harness.localMember("chloe.dubois@example.com"))
        try harness.state.apply(.renameProject(idOrSlug: "web-app", name: "Storefront"))
        try harness.state.apply(.addProject(slug: "fresh", platform: "rust", teams: ["data"]))
        try harness.state.apply(.removeMember(id: Int(colleague.id)!))
        try harness.state.apply(.addMember(email: "colleague.invite@example.com"))

        try await harness.pull()

        #expect(try harness.pending == queue)
        // The pending effects, on top of the new server state.
        #expect(try harness.localMember("new.person@example.com")?.id.hasPrefix("local:") == true)
        #expect(try harness.localProject("billing-api")?.id.hasPrefix("local:") == true)
        let local = try #require(try harness.localProject(api))
        #expect(local.name == "Public API" && local.platform == "python-django")
        #expect(try harness.localProject("legacy-app") == nil)
        #expect(try harness.localMember("old.person@example.com") == nil)
        // The other rows follow Sentry.
        #expect(try harness.localProject("web-app")?.name == "Storefront")
        #expect(try harness.localProject("fresh") != nil)
        #expect(try harness.localMember(colleague.id) == nil)
        #expect(try harness.localMember("colleague.invite@example.com") != nil)
        #expect(try harness.database.rebuildLocalView(org: PushHarness.org) == 0)

        let report = try await harness.push()

        #expect(report.isComplete, "\(report.entries)")
        #expect(try harness.pending.isEmpty)
        let server = try harness.emulatorProjects()
        #expect(server["api"]?["name"]?.stringValue == "Public API")
        #expect(server["billing-api"] != nil && server["legacy-app"] == nil)
        #expect(try harness.emulatorMembers()["old.person@example.com"] == nil)
        #expect(try harness.emulatorMembers()["new.person@example.com"] != nil)
        try await harness.pull()
        #expect(try harness.database.rebuildLocalView(org: PushHarness.org) == 0)
        #expect(try harness.localProject(api)?.name == "Public API")
    }

    @Test func aPullKeepsFailedMutationsAndTheirEffectsWithdrawn() async throws {
        let harness = try await PushHarness()
        let create = try harness.database.createProject(
            org: PushHarness.org, name: "Taken", teamSlug: "backend", madeAt: harness.now
        )
        try harness.state.apply(.addProject(slug: "taken", teams: ["frontend"]))
        try await harness.push()
        let failed = try harness.pending
        #expect(failed.map(\.state) == [.failed])

        try await harness.pull()

        #expect(try harness.pending == failed)
        #expect(try harness.localProject(create.targetID) == nil)
        #expect(try harness.localProject("taken")?.teamIDs == ["4500101"])  // Sentry's
        #expect(try harness.database.rebuildLocalView(org: PushHarness.org) == 0)
    }
}
