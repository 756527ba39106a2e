import Foundation
import MirrorJSON
import MirrorStore
import SentryEmulator
import SyncEngine
import Testing

/// What push does with each kind of failure: transient ones stay queued and
/// go through later; refusals fail the mutation, withdraw its effect and keep
/// Sentry's message; one entity's failure holds back only that entity.
struct PushFailureTests {
    static let createPath = "/api/0/teams/{org}/{team}/projects/"
    static let projectPath = "/api/0/projects/{org}/{project}/"
    static let membersPath = "/api/0/organizations/{org}/members/"

    @Test(arguments: [
        (429, "POST", MutationKind.projectCreate),
        (503, "POST", MutationKind.projectCreate),
        (503, "PUT", MutationKind.projectUpdate),
        (429, "POST", MutationKind.memberAdd),
        (503, "DELETE", MutationKind.projectDelete),
    ])
    func aTemporaryErrorLeavesTheMutationQueuedAndALaterPushSendsIt(
        status: Int, method: String, kind: MutationKind
    ) async throws {
        let harness = try await PushHarness()
        let mutation = try Self.write(kind, in: harness)
        let path = [.projectCreate: Self.createPath, .memberAdd: Self.membersPath][kind]
            ?? Self.projectPath
        harness.server.addFault(EmulatorFault(
            method: method, path: path, action: .status(status), times: nil
        ))
        let viewBefore = try harness.database.localViewContents(org: PushHarness.org)

        let first = try await harness.push()

        guard case .willRetry(let message, _) = first.outcome(mutation.id) else {
            Issue.record("expected the mutation to stay queued: \(first.entries)")
            return
        }
        #expect(message.contains(String(status)), "\(message)")
        #expect(!first.isComplete)
        let queued = try #require(try harness.pending.first)
        #expect(queued.state == .queued)
        #expect(queued.attempts == 1)
        #expect(queued.lastError == message)
        #expect(queued.nextAttemptAt != nil)
        #expect(try harness.database.localViewContents(org: PushHarness.org) == viewBefore)
        #expect(harness.state.auditEntries().isEmpty)

        harness.server.clearFaults()
        let second = try await harness.push()

        #expect(second.isComplete, "\(second.entries)")
        #expect(second.outcome(mutation.id).map(isDone) == true)
        #expect(try harness.pending.isEmpty)
        #expect(harness.state.auditEntries().count == 1)
    }

    @Test func withSentryUnreachableEveryMutationStaysQueuedAfterOneRoundOfRetries() async throws {
        let harness = try await PushHarness()
        let writes = try [MutationKind.memberAdd, .projectCreate, .projectDelete].map {
            try Self.write($0, in: harness)
        }
        harness.server.stop()
        let before = harness.client.requestCount

        let report = try await harness.push()

        // The first one used up the retry budget; the others were not sent.
        #expect(harness.client.requestCount - before == harness.client.retryPolicy.maxAttempts)
        #expect(report.entries.map(\.mutationID) == writes.map(\.id))
        for (index, entry) in report.entries.enumerated() {
            guard case .willRetry(let message, _) = entry.outcome else {
                Issue.record("expected #\(entry.mutationID) to stay queued: \(entry.outcome)")
                continue
            }
            // The first says what happened; the others that they were not sent.
            let expected = index == 0 ? "Could not reach Sentry" : "not sent"
            #expect(message.contains(expected), "\(message)")
        }
        #expect(try harness.pending.map(\.state) == [.queued, .queued, .queued])
        #expect(try harness.pending.compactMap(\.lastError).count == 3)
    }

    @Test func aSlugTakenOnSentryFailsTheCreationAndWithdrawsIt() async throws {
        let harness = try await PushHarness()
        let create = try harness.database.createProject(
            org: PushHarness.org, name: "Billing API", teamSlug: "backend", madeAt: harness.now
        )
        try harness.state.apply(.addProject(slug: "billing-api", teams: ["frontend"]))

        let report = try await harness.push()

        guard case .failed(let message) = report.outcome(create.id) else {
            Issue.record("expected a failure: \(report.entries)")
            return
        }
        #expect(message.contains("409") && message.contains("A project with this slug already"))
        #expect(try harness.localProject(create.targetID) == nil)
        #expect(try harness.localProject("billing-api") == nil)
        let failed = try #require(try harness.pending.first)
        #expect(failed.state == .failed && failed.lastError == message)
        #expect(harness.audit("project.create").count == 1)  // the colleague's only
        #expect(try harness.database.rebuildLocalView(org: PushHarness.org) == 0)

        // Kept for the user: a later push does not send it again.
        let again = try await harness.push()
        #expect(again.entries.isEmpty)
        #expect(harness.audit("project.create").count == 1)
    }

    @Test func aDuplicateInviteFailsWithSentrysMessage() async throws {
        let harness = try await PushHarness()
        let add = try harness.database.addMember(
            org: PushHarness.org, email: "dup@example.com", teamSlugs: ["backend"],
            madeAt: harness.now
        )
        try harness.state.apply(.addMember(email: "dup@example.com"))

        let report = try await harness.push()

        guard case .failed(let message) = report.outcome(add.id) else {
            Issue.record("expected a failure: \(report.entries)")
            return
        }
        #expect(message.contains("400"))
        #expect(message.contains("The user dup@example.com has already been invited"))
        #expect(try harness.localMember("dup@example.com") == nil)
        let links = try harness.database.teamMemberships(
            org: PushHarness.org, memberID: add.targetID
        )
        #expect(links.isEmpty)
        #expect(try harness.pending.first?.lastError == message)
        #expect(try harness.pending.first?.state == .failed)
        #expect(harness.audit("member.invite").count == 1)
    }

    @Test func aTokenWithoutProjectAdminCannotDeleteAndTheMessageNamesTheScope() async throws {
        let narrow = EmulatorToken.ownerScopes.filter { $0 != "project:admin" }
        let harness = try await PushHarness(narrowScopes: narrow)
        let id = try harness.emulatorProjectID("legacy-app")
        let delete = try harness.database.deleteProject(
            org: PushHarness.org, idOrSlug: "legacy-app", madeAt: harness.now
        )
        #expect(try harness.localProject(id) == nil)

        let report = try await harness.push(with: harness.narrowClient)

        guard case .failed(let message) = report.outcome(delete.id) else {
            Issue.record("expected a failure: \(report.entries)")
            return
        }
        #expect(message.contains("403") && message.contains("project:admin"), "\(message)")
        #expect(try harness.localProject(id)?.slug == "legacy-app")
        #expect(try harness.emulatorProjects()["legacy-app"] != nil)
        #expect(try harness.pending.first?.state == .failed)
        #expect(harness.state.auditEntries().isEmpty)
    }

    @Test func aTokenWithoutMemberScopesCannotInviteAndTheMessageNamesThem() async throws {
        let narrow = EmulatorToken.ownerScopes.filter { !$0.hasPrefix("member:") }
            + ["member:read"]
        let harness = try await PushHarness(narrowScopes: narrow)
        let add = try harness.database.addMember(
            org: PushHarness.org, email: "someone@example.com", madeAt: harness.now
        )

        let report = try await harness.push(with: harness.narrowClient)

        guard case .failed(let message) = report.outcome(add.id) else {
            Issue.record("expected a failure: \(report.entries)")
            return
        }
        #expect(message.contains("403") && message.contains("member:write"), "\(message)")
        #expect(try harness.localMember("someone@example.com") == nil)
        #expect(try harness.emulatorMembers()["someone@example.com"] == nil)
    }

    @Test func aTokenWithoutMemberAdminCannotRemoveSomeoneAndTheMessageNamesIt() async throws {
        let narrow = EmulatorToken.ownerScopes.filter { $0 != "member:admin" }
        let harness = try await PushHarness(narrowScopes: narrow)
        let member = try #require(try harness.localMember("old.person@example.com"))
        let remove = try harness.database.removeMember(
            org: PushHarness.org, idOrEmail: member.id, madeAt: harness.now
        )

        let report = try await harness.push(with: harness.narrowClient)

        guard case .failed(let message) = report.outcome(remove.id) else {
            Issue.record("expected a failure: \(report.entries)")
            return
        }
        #expect(message.contains("member:admin"), "\(message)")
        #expect(try harness.localMember(member.id)?.email == "old.person@example.com")
        #expect(try harness.emulatorMembers()["old.person@example.com"] != nil)
    }

    @Test func oneFailedMutationHoldsBackOnlyTheLaterMutationsOfItsEntity() async throws {
        let harness = try await PushHarness()
        let api = try harness.emulatorProjectID("api")
        let first = try harness.database.updateProject(
            org: PushHarness.org, idOrSlug: "api", name: "First", madeAt: harness.now
        )
        let second = try harness.database.updateProject(
            org: PushHarness.org, idOrSlug: "api", platform: "go", madeAt: harness.now
        )
        let other = try harness.database.updateProject(
            org: PushHarness.org, idOrSlug: "web-app", name: "Web", madeAt: harness.now
        )
        let invite = try harness.database.addMember(
            org: PushHarness.org, email: "later@example.com", madeAt: harness.now
        )
        harness.server.addFault(EmulatorFault(
            method: "PUT", path: "/api/0/projects/acme/\(api)/", action: .status(400), times: 1
        ))

        let report = try await harness.push()

        #expect(report.entries.map(\.mutationID) == [first.id, second.id, other.id, invite.id])
        guard case .failed = report.outcome(first.id) else {
            Issue.record("expected the first update to fail: \(report.entries)")
            return
        }
        #expect(report.outcome(second.id) == .heldBack(behind: first.id))
        #expect(report.outcome(other.id).map(isDone) == true)
        #expect(report.outcome(invite.id).map(isDone) == true)
        let server = try harness.emulatorProjects()
        #expect(server["api"]?["name"]?.stringValue == "API")
        #expect(server["api"]?["platform"]?.stringValue == "python-django")
        #expect(server["web-app"]?["name"]?.stringValue == "Web")
        #expect(try harness.pending.map(\.id) == [first.id, second.id])
        #expect(try harness.pending.map(\.state) == [.failed, .queued])
        #expect(try harness.pending.last?.attempts == 0)
        // The failed update is withdrawn; the one waiting behind it still shows.
        let local = try #require(try harness.localProject(api))
        #expect(local.name == "API" && local.platform == "go")

        // It keeps waiting until the user retries or drops the failed one.
        let again = try await harness.push()
        #expect(again.entries.map(\.outcome) == [.heldBack(behind: first.id)])
        try harness.database.retry(id: first.id)
        let retried = try await harness.push()
        #expect(retried.isComplete, "\(retried.entries)")
        #expect(try harness.emulatorProjects()["api"]?["name"]?.stringValue == "First")
        #expect(try harness.emulatorProjects()["api"]?["platform"]?.stringValue == "go")
        #expect(try harness.pending.isEmpty)
        #expect(try harness.database.rebuildLocalView(org: PushHarness.org) == 0)
    }

    /// One local write of `kind` against the fixture.
    static func write(_ kind: MutationKind, in harness: PushHarness) throws -> PendingMutation {
        let database = harness.database
        let org = PushHarness.org
        switch kind {
        case .memberAdd:
            return try database.addMember(org: org, email: "t@example.com", madeAt: harness.now)
        case .memberRemove:
            return try database.removeMember(
                org: org, idOrEmail: "old.person@example.com", madeAt: harness.now)
        case .projectCreate:
            return try database.createProject(
                org: org, name: "Temp", teamSlug: "backend", madeAt: harness.now)
        case .projectUpdate:
            return try database.updateProject(
                org: org, idOrSlug: "api", name: "Renamed", madeAt: harness.now)
        case .projectDelete:
            return try database.deleteProject(
                org: org, idOrSlug: "legacy-app", madeAt: harness.now)
        }
    }
}
