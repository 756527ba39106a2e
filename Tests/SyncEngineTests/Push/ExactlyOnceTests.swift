import Foundation
import MirrorJSON
import MirrorStore
import SentryEmulator
import SyncEngine
import Testing

/// No mutation takes effect twice (DESIGN.md invariant 2): when the answer
/// to a write is lost after Sentry applied it, the next push reads the entity
/// back and adopts what it finds instead of sending the write again.
struct ExactlyOnceTests {
    @Test func aCreationWhoseAnswerWasLostIsAdoptedByTheNextPush() async throws {
        let harness = try await PushHarness()
        let create = try harness.database.createProject(
            org: PushHarness.org, name: "Billing API", platform: "python", teamSlug: "backend",
            madeAt: harness.now
        )
        harness.server.addFault(EmulatorFault(
            method: "POST", path: PushFailureTests.createPath, action: .dropAfterApply
        ))

        let first = try await harness.push()

        guard case .willRetry(let message, _) = first.outcome(create.id) else {
            Issue.record("expected a network error: \(first.entries)")
            return
        }
        #expect(message.contains("Could not reach Sentry"), "\(message)")
        let waiting = try #require(try harness.pending.first)
        #expect([.queued, .sending].contains(waiting.state) && waiting.attempts == 1)
        #expect(harness.audit("project.create").count == 1)  // it did take effect

        let second = try await harness.push()

        let created = try #require(try harness.emulatorProjects()["billing-api"])
        let serverID = try #require(created["id"]?.stringValue)
        #expect(second.outcome(create.id) == .done(serverID: serverID, adopted: true))
        #expect(harness.audit("project.create").count == 1)
        #expect(harness.state.projectCount == 17)
        #expect(try harness.pending.isEmpty)
        #expect(try harness.localProject("billing-api")?.id == serverID)
        #expect(try harness.database.rebuildLocalView(org: PushHarness.org) == 0)
    }

    @Test func anInviteWhoseAnswerWasLostIsAdoptedByTheNextPush() async throws {
        let harness = try await PushHarness()
        let add = try harness.database.addMember(
            org: PushHarness.org, email: "New.Person@example.com", teamSlugs: ["backend"],
            madeAt: harness.now
        )
        harness.server.addFault(EmulatorFault(
            method: "POST", path: PushFailureTests.membersPath, action: .dropAfterApply
        ))

        let first = try await harness.push()

        guard case .willRetry = first.outcome(add.id) else {
            Issue.record("expected a network error: \(first.entries)")
            return
        }
        let second = try await harness.push()

        let invited = try #require(try harness.emulatorMembers()["new.person@example.com"])
        let serverID = try #require(invited["id"]?.stringValue)
        #expect(second.outcome(add.id) == .done(serverID: serverID, adopted: true))
        #expect(harness.audit("member.invite").count == 1)
        #expect(try harness.pending.isEmpty)
        #expect(try harness.localMember("new.person@example.com")?.id == serverID)
        #expect(try harness.database.rebuildLocalView(org: PushHarness.org) == 0)
    }

    @Test func aDeletionWhoseAnswerWasLostCountsAsDoneWhenTheProjectIsGone() async throws {
        let harness = try await PushHarness()
        let id = try harness.emulatorProjectID("legacy-app")
        let delete = try harness.database.deleteProject(
            org: PushHarness.org, idOrSlug: "legacy-app", madeAt: harness.now
        )
        // Every DELETE is applied (the first) or answered 404 (the retries), and
        // every answer is lost: the push gives up with a network error.
        harness.server.addFault(EmulatorFault(
            method: "DELETE", path: PushFailureTests.projectPath, action: .dropAfterApply,
            times: nil
        ))

        let first = try await harness.push()

        guard case .willRetry = first.outcome(delete.id) else {
            Issue.record("expected a network error: \(first.entries)")
            return
        }
        harness.server.clearFaults()
        let second = try await harness.push()

        #expect(second.outcome(delete.id) == .done(serverID: id, adopted: true))
        #expect(harness.audit("project.remove").count == 1)
        #expect(try harness.emulatorProjects()["legacy-app"] == nil)
        #expect(try harness.pending.isEmpty)
        #expect(try !harness.serverProjects().contains { $0.id == id })
    }

    @Test func aDeleteAnsweredWith404CountsAsDone() async throws {
        let harness = try await PushHarness()
        let member = try #require(try harness.localMember("old.person@example.com"))
        let remove = try harness.database.removeMember(
            org: PushHarness.org, idOrEmail: member.id, madeAt: harness.now
        )
        try harness.state.apply(.removeMember(id: Int(member.id)!))

        let report = try await harness.push()

        #expect(report.outcome(remove.id) == .done(serverID: member.id, adopted: false))
        #expect(harness.audit("member.remove").count == 1)  // the colleague's
        #expect(try harness.pending.isEmpty)
        #expect(try harness.localMember(member.id) == nil)
    }

    /// The state a push killed after sending leaves behind: `sending` on disk.
    @Test(arguments: [true, false])
    func aMutationLeftSendingIsAdoptedOnlyWhenItTookEffect(applied: Bool) async throws {
        let harness = try await PushHarness()
        let add = try harness.database.addMember(
            org: PushHarness.org, email: "crash@example.com", madeAt: harness.now
        )
        try harness.database.markSending(id: add.id)
        if applied { try harness.state.apply(.addMember(email: "crash@example.com")) }

        let report = try await harness.push()

        let invited = try #require(try harness.emulatorMembers()["crash@example.com"])
        let serverID = try #require(invited["id"]?.stringValue)
        #expect(report.outcome(add.id) == .done(serverID: serverID, adopted: applied))
        #expect(harness.audit("member.invite").count == 1)
        #expect(try harness.pending.isEmpty)
    }

    /// A push killed after Sentry applied an update, then a pull that sees
    /// the change: the change is our own, not a colleague's later one.
    @Test func anUpdateAppliedBeforeACrashIsAdoptedAfterAPullSawIt() async throws {
        let harness = try await PushHarness()
        let id = try harness.emulatorProjectID("api")
        let update = try harness.database.updateProject(
            org: PushHarness.org, idOrSlug: "api", name: "Public API", madeAt: harness.now
        )
        try harness.database.markSending(id: update.id)
        try harness.state.apply(.renameProject(idOrSlug: id, name: "Public API"))
        try await harness.pull()

        let report = try await harness.push()

        #expect(report.outcome(update.id) == .done(serverID: id, adopted: true))
        #expect(harness.audit("project.edit").count == 1)
        #expect(try harness.pending.isEmpty)
        #expect(try harness.localProject(id)?.name == "Public API")
    }

    /// A creation left `sending`, then a pull that lists the new project
    /// under its Sentry id before the push adopts it.
    @Test func aCreationAppliedBeforeACrashAndPulledIsAdoptedWithoutADuplicate() async throws {
        let harness = try await PushHarness()
        let create = try harness.database.createProject(
            org: PushHarness.org, name: "Billing API", teamSlug: "backend", madeAt: harness.now
        )
        try harness.database.markSending(id: create.id)
        let serverID = String(try harness.state.apply(
            .addProject(slug: "billing-api", name: "Billing API", teams: ["backend"])
        ))
        try await harness.pull()

        let report = try await harness.push()

        #expect(report.outcome(create.id) == .done(serverID: serverID, adopted: true))
        #expect(harness.audit("project.create").count == 1)
        #expect(try harness.pending.isEmpty)
        let locals = try harness.database.projects(org: PushHarness.org).map(\.record)
        #expect(locals.filter { $0.slug == "billing-api" }.map(\.id) == [serverID])
        #expect(try harness.database.rebuildLocalView(org: PushHarness.org) == 0)
    }
}
