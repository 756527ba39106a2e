import Foundation
import MirrorJSON
import MirrorStore
import SentryEmulator
import SyncEngine
import Testing

/// Each kind of local write, end to end against the emulator: the local view
/// and journal at once, the queue, the push, Sentry's state and audit log.
struct MutationKindTests {
    @Test func anInviteShowsLocallyAtOnceAndReachesSentryOnce() async throws {
        let harness = try await PushHarness()
        let head = try harness.database.journalSequence

        let add = try harness.database.addMember(
            org: PushHarness.org, email: "new.person@example.com", role: "member",
            teamSlugs: ["backend"], madeAt: harness.now
        )

        let local = try #require(try harness.localMember("new.person@example.com"))
        #expect(local.id == add.targetID && local.id.hasPrefix(localIDPrefix))
        #expect(try harness.journal(since: head) == [
            "local members \(add.targetID) insert",
            "local team_members 4500100:\(add.targetID) insert",
        ])
        #expect(try harness.pending.map(\.kind) == [.memberAdd])
        #expect(try harness.pending.first?.state == .queued)
        #expect(try harness.emulatorMembers()["new.person@example.com"] == nil)

        let report = try await harness.push()

        #expect(report.isComplete)
        let invited = try #require(try harness.emulatorMembers()["new.person@example.com"])
        let serverID = try #require(invited["id"]?.stringValue)
        #expect(report.outcome(add.id) == .done(serverID: serverID, adopted: false))
        #expect(invited["orgRole"]?.stringValue == "member")
        #expect(invited["pending"] == .bool(true))
        let events = harness.audit("member.invite")
        #expect(events.count == 1)
        #expect(events.first.map { String($0.targetObject) } == serverID)
        #expect(try harness.pending.isEmpty)
        #expect(try harness.localMember("new.person@example.com")?.id == serverID)
        #expect(try harness.localMember(add.targetID) == nil)
        let links = try harness.database.teamMemberships(org: PushHarness.org, memberID: serverID)
        #expect(links.map(\.memberID) == ["4500100"])
        #expect(try harness.database.rebuildLocalView(org: PushHarness.org) == 0)
    }

    @Test func removingAMemberTakesItOutLocallyAndOnSentry() async throws {
        let harness = try await PushHarness()
        let member = try #require(try harness.localMember("old.person@example.com"))
        let head = try harness.database.journalSequence

        let remove = try harness.database.removeMember(
            org: PushHarness.org, idOrEmail: "old.person@example.com", madeAt: harness.now
        )

        #expect(try harness.localMember(member.id) == nil)
        let rows = try harness.journal(since: head)
        #expect(rows.first == "local members \(member.id) delete")
        #expect(rows.contains("local team_members 4500100:\(member.id) delete"))
        #expect(rows.allSatisfy { $0.hasPrefix("local ") })
        #expect(try harness.pending.map(\.targetID) == [member.id])
        #expect(try harness.emulatorMembers()["old.person@example.com"] != nil)

        let report = try await harness.push()

        #expect(report.outcome(remove.id) == .done(serverID: member.id, adopted: false))
        #expect(try harness.emulatorMembers()["old.person@example.com"] == nil)
        #expect(harness.audit("member.remove").map { String($0.targetObject) } == [member.id])
        #expect(try harness.pending.isEmpty)
        #expect(try harness.localMember(member.id) == nil)
        let serverMembers = try harness.database.members(org: PushHarness.org, source: .server)
        #expect(!serverMembers.contains { $0.record.id == member.id })
        #expect(try harness.database.rebuildLocalView(org: PushHarness.org) == 0)
    }

    @Test func aCreatedProjectGetsSentrysIDAndItsExplicitSlug() async throws {
        let harness = try await PushHarness()
        let head = try harness.database.journalSequence

        let create = try harness.database.createProject(
            org: PushHarness.org, name: "Billing API", platform: "python", teamSlug: "backend",
            madeAt: harness.now
        )

        let local = try #require(try harness.localProject("billing-api"))
        #expect(local.id == create.targetID && local.teamIDs == ["4500100"])
        #expect(try harness.journal(since: head) == [
            "local projects \(create.targetID) insert",
            "local project_teams \(create.targetID):4500100 insert",
        ])
        #expect(try harness.pending.map(\.kind) == [.projectCreate])

        let report = try await harness.push()

        let created = try #require(try harness.emulatorProjects()["billing-api"])
        let serverID = try #require(created["id"]?.stringValue)
        #expect(report.outcome(create.id) == .done(serverID: serverID, adopted: false))
        #expect(created["name"]?.stringValue == "Billing API")
        #expect(created["platform"]?.stringValue == "python")
        #expect(harness.audit("project.create").map { String($0.targetObject) } == [serverID])
        #expect(try harness.pending.isEmpty)
        #expect(try harness.localProject("billing-api")?.id == serverID)
        #expect(try harness.serverProjects().contains { $0.id == serverID })
        let confirmed = try harness.database.changes(since: head, org: PushHarness.org)
            .filter { $0.origin == .remote && $0.entity == "projects" }
        #expect(confirmed.map(\.entityID) == [serverID])
        #expect(try harness.database.rebuildLocalView(org: PushHarness.org) == 0)
    }

    @Test func anUpdatedProjectChangesOnSentryWithOneEditEvent() async throws {
        let harness = try await PushHarness()
        let id = try harness.emulatorProjectID("api")
        let head = try harness.database.journalSequence

        let update = try harness.database.updateProject(
            org: PushHarness.org, idOrSlug: "api", name: "Public API", platform: "python",
            madeAt: harness.now
        )

        #expect(try harness.localProject("api")?.name == "Public API")
        #expect(try harness.journal(since: head) == ["local projects \(id) update"])
        #expect(try harness.serverProjects().first { $0.id == id }?.name == "API")

        let report = try await harness.push()

        #expect(report.outcome(update.id) == .done(serverID: id, adopted: false))
        let server = try #require(try harness.emulatorProjects()["api"])
        #expect(server["name"]?.stringValue == "Public API")
        #expect(server["platform"]?.stringValue == "python")
        #expect(harness.audit("project.edit").map { String($0.targetObject) } == [id])
        #expect(try harness.pending.isEmpty)
        #expect(try harness.serverProjects().first { $0.id == id }?.name == "Public API")
        #expect(try harness.database.rebuildLocalView(org: PushHarness.org) == 0)
    }

    @Test func aDeletedProjectLeavesTheListingsAndItsSlugFree() async throws {
        let harness = try await PushHarness()
        let id = try harness.emulatorProjectID("legacy-app")
        let head = try harness.database.journalSequence

        let delete = try harness.database.deleteProject(
            org: PushHarness.org, idOrSlug: "legacy-app", madeAt: harness.now
        )

        #expect(try harness.localProject("legacy-app") == nil)
        let rows = try harness.journal(since: head)
        #expect(rows.first == "local projects \(id) delete")
        #expect(rows.count == 3)  // the project and its two team links
        #expect(rows.allSatisfy { $0.hasPrefix("local ") })

        let report = try await harness.push()

        #expect(report.outcome(delete.id) == .done(serverID: id, adopted: false))
        #expect(try harness.emulatorProjects()["legacy-app"] == nil)
        #expect(harness.audit("project.remove").map { String($0.targetObject) } == [id])
        #expect(try harness.pending.isEmpty)
        #expect(try !harness.serverProjects().contains { $0.id == id })
        #expect(try harness.database.rebuildLocalView(org: PushHarness.org) == 0)
    }

    @Test func anUpdateOfAProjectNotYetCreatedReachesTheIDAndSlugSentryGave() async throws {
        let harness = try await PushHarness()
        let create = try harness.database.createProject(
            org: PushHarness.org, name: "Billing API", platform: "python", teamSlug: "backend",
            madeAt: harness.now
        )
        let update = try harness.database.updateProject(
            org: PushHarness.org, idOrSlug: "billing-api", name: "Billing", madeAt: harness.now
        )
        #expect(update.targetID == create.targetID)
        #expect(try harness.localProject("billing-api")?.name == "Billing")

        let report = try await harness.push()

        #expect(report.isComplete)
        #expect(report.entries.map(\.mutationID) == [create.id, update.id])
        let project = try #require(try harness.emulatorProjects()["billing-api"])
        let serverID = try #require(project["id"]?.stringValue)
        #expect(project["name"]?.stringValue == "Billing")
        #expect(report.outcome(update.id) == .done(serverID: serverID, adopted: false))
        #expect(harness.audit("project.create").count == 1)
        #expect(harness.audit("project.edit").map { String($0.targetObject) } == [serverID])
        #expect(try harness.pending.isEmpty)
        let local = try #require(try harness.localProject(serverID))
        #expect(local.slug == "billing-api" && local.name == "Billing")
        #expect(try harness.database.rebuildLocalView(org: PushHarness.org) == 0)
    }

    @Test func aSlugRenameFollowedByAnotherUpdateReachesTheSameProject() async throws {
        let harness = try await PushHarness()
        let id = try harness.emulatorProjectID("api")
        let rename = try harness.database.updateProject(
            org: PushHarness.org, idOrSlug: "api", slug: "public-api", madeAt: harness.now
        )
        let update = try harness.database.updateProject(
            org: PushHarness.org, idOrSlug: "public-api", name: "Public API", madeAt: harness.now
        )
        #expect(rename.targetID == id && update.targetID == id)
        #expect(try harness.localProject("api") == nil)
        #expect(try harness.localProject("public-api")?.name == "Public API")

        let report = try await harness.push()

        #expect(report.isComplete)
        #expect(report.outcome(rename.id) == .done(serverID: id, adopted: false))
        #expect(report.outcome(update.id) == .done(serverID: id, adopted: false))
        let projects = try harness.emulatorProjects()
        #expect(projects["api"] == nil)
        #expect(projects["public-api"]?["id"]?.stringValue == id)
        #expect(projects["public-api"]?["name"]?.stringValue == "Public API")
        let edits = harness.audit("project.edit")
        #expect(edits.count == 2 && edits.allSatisfy { String($0.targetObject) == id })
        #expect(edits.contains { $0.data["new_slug"] == "public-api" })
        #expect(try harness.pending.isEmpty)
        try await harness.pull()
        #expect(try harness.localProject(id)?.slug == "public-api")
        #expect(try harness.database.rebuildLocalView(org: PushHarness.org) == 0)
    }

    @Test func aDryRunShowsTheRequestsAndSendsNothing() async throws {
        let harness = try await PushHarness()
        let create = try harness.database.createProject(
            org: PushHarness.org, name: "Billing API", teamSlug: "backend", madeAt: harness.now
        )
        let update = try harness.database.updateProject(
            org: PushHarness.org, idOrSlug: "billing-api", name: "Billing", madeAt: harness.now
        )
        let queue = try harness.pending
        let view = try harness.database.localViewContents(org: PushHarness.org)
        let before = harness.client.requestCount

        let report = try await harness.push(dryRun: true)

        #expect(harness.client.requestCount == before)
        guard case .wouldSend(let request) = report.outcome(create.id) else {
            Issue.record("expected a dry-run line: \(report.entries)")
            return
        }
        #expect(request.hasPrefix("POST /api/0/teams/acme/backend/projects/"), "\(request)")
        #expect(request.contains(#""slug":"billing-api""#), "\(request)")
        #expect(report.outcome(update.id) != nil)
        #expect(try harness.pending == queue)
        #expect(try harness.database.localViewContents(org: PushHarness.org) == view)
        #expect(harness.state.auditEntries().isEmpty)
    }
}
