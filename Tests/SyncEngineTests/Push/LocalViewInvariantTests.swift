import Foundation
import MirrorStore
import SentryEmulator
import SyncEngine
import Testing

/// Invariant 4: the local view always equals server state plus pending
/// mutations. After every step of a mix of writes, pushes (some failing) and
/// pulls, rebuilding the view from scratch writes nothing and changes no row.
struct LocalViewInvariantTests {
    @Test func rebuildingAfterEveryStepOfAMixedSessionChangesNothing() async throws {
        let harness = try await PushHarness()
        let org = PushHarness.org
        let database = harness.database
        var steps: [String] = []

        func check(_ step: String) throws {
            steps.append(step)
            let before = try database.localViewContents(org: org)
            let written = try database.rebuildLocalView(org: org)
            #expect(written == 0, "after \(steps.joined(separator: ", "))")
            #expect(try database.localViewContents(org: org) == before, "after \(step)")
        }

        try database.addMember(
            org: org, email: "a@example.com", teamSlugs: ["backend", "data"], madeAt: harness.now)
        try check("invite")
        let create = try database.createProject(
            org: org, name: "Alpha", platform: "python", teamSlug: "data", madeAt: harness.now)
        try database.updateProject(
            org: org, idOrSlug: "alpha", name: "Alpha Two", slug: "alpha-2", madeAt: harness.now)
        try check("create and rename")
        try database.updateProject(org: org, idOrSlug: "api", name: "API!", madeAt: harness.now)
        try database.deleteProject(org: org, idOrSlug: "ios", madeAt: harness.now)
        try database.removeMember(org: org, idOrEmail: "old.person@example.com", madeAt: harness.now)
        let doomed = try database.createProject(
            org: org, name: "Doomed", teamSlug: "backend", madeAt: harness.now)
        try check("more writes")

        try harness.state.apply(.addProject(slug: "doomed", teams: ["sre"]))
        try harness.state.apply(.renameProject(idOrSlug: "android", name: "Droid"))
        harness.server.addFault(EmulatorFault(
            method: "DELETE", path: PushFailureTests.projectPath, action: .status(503),
            times: nil
        ))
        let first = try await harness.push()
        #expect(!first.isComplete)
        try check("push with a failure and a 503")

        try await harness.pull()
        try check("pull")

        harness.server.clearFaults()
        try database.updateProject(
            org: org, idOrSlug: "web-app", platform: "javascript", madeAt: harness.now)
        try database.addMember(org: org, email: "b@example.com", madeAt: harness.now)
        try check("writes after the pull")

        let second = try await harness.push()
        try check("second push")
        #expect(second.entries.allSatisfy { isDone($0.outcome) }, "\(second.entries)")

        try database.drop(id: doomed.id)
        try check("drop")
        try await harness.pull()
        try check("last pull")

        #expect(try harness.pending.isEmpty)
        #expect(try harness.emulatorProjects()["alpha-2"]?["name"]?.stringValue == "Alpha Two")
        #expect(try harness.localProject("alpha-2")?.id.hasPrefix("local:") == false)
        #expect(try harness.localProject(create.targetID) == nil)
        #expect(harness.audit("project.create").count == 2)  // Alpha, and the colleague's
    }
}
