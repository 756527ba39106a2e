import MirrorJSON
import Testing
@testable import MirrorStore

struct QueueTests {
    @Test func aPullBetweenAWriteAndItsPushKeepsTheMutationAndItsEffect() throws {
        let mirror = try TemporaryMirror()
        try mirror.pullFixture()
        try mirror.database.updateProject(
            org: "acme", idOrSlug: "legacy-app", name: "Renamed", madeAt: serverTime(1))
        let queued = try mirror.database.pendingMutations()

        // Someone changed the platform on Sentry meanwhile.
        try mirror.database.pullAll(
            org: "acme", .projects,
            [
                project("20", slug: "legacy-app", platform: "go", teams: [("1", "backend")]),
                project("21", slug: "api", teams: [("2", "web")]),
            ], at: serverTime(2))

        #expect(try mirror.database.pendingMutations() == queued)
        let local = try #require(try mirror.database.lookupProject(org: "acme", idOrSlug: "20"))
        #expect(local.name == "Renamed" && local.platform == "go")
        let server = try mirror.database.projects(org: "acme", source: .server)
        #expect(server.first { $0.record.id == "20" }?.record.name == "legacy-app")
        let last = try #require(try mirror.database.changes(since: 0).last)
        #expect(last.origin == .remote)
        #expect(try JSONValue(parsing: last.changes) == json(#"{"platform":{"old":"python","new":"go"}}"#))
    }

    @Test func aServerDeletionWithAPendingDeleteJournalsNothingMore() throws {
        let mirror = try TemporaryMirror()
        try mirror.pullFixture()
        try mirror.database.deleteProject(org: "acme", idOrSlug: "api", madeAt: serverTime(1))
        let head = try mirror.database.journalSequence

        try mirror.database.pullAll(
            org: "acme", .projects, [project("20", slug: "legacy-app", teams: [("1", "backend")])],
            at: serverTime(2))

        #expect(try mirror.database.journalSequence == head)
        #expect(try mirror.database.pendingMutations().count == 1)
    }

    @Test func aFailedMutationIsWithdrawnFromTheViewAndKeptWithItsMessage() throws {
        let mirror = try TemporaryMirror()
        try mirror.pullFixture()
        let mutation = try mirror.database.createProject(
            org: "acme", name: "Billing", teamSlug: "backend", madeAt: serverTime(1))
        try mirror.database.markSending(id: mutation.id)

        try mirror.database.markFailed(id: mutation.id, error: "A project with this slug already exists.")

        let kept = try #require(try mirror.database.pendingMutation(id: mutation.id))
        #expect(kept.state == .failed && kept.attempts == 1)
        #expect(kept.lastError == "A project with this slug already exists.")
        #expect(try mirror.database.lookupProject(org: "acme", idOrSlug: "billing") == nil)
        let rows = try mirror.database.changes(since: 0).suffix(2)
        #expect(rows.map { "\($0.origin) \($0.entity) \($0.operation)" } == [
            "local projects delete", "local project_teams delete",
        ])

        try mirror.database.retry(id: mutation.id)

        #expect(try mirror.database.pendingMutation(id: mutation.id)?.state == .queued)
        #expect(try mirror.database.lookupProject(org: "acme", idOrSlug: "billing") != nil)
    }

    @Test func droppingAMutationRestoresTheServerState() throws {
        let mirror = try TemporaryMirror()
        try mirror.pullFixture()
        let before = try mirror.database.localViewContents(org: "acme")
        let mutation = try mirror.database.removeMember(
            org: "acme", idOrEmail: "old.person@example.com", madeAt: serverTime(1))

        try mirror.database.drop(id: mutation.id)

        #expect(try mirror.database.pendingMutations().isEmpty)
        #expect(try mirror.database.localViewContents(org: "acme") == before)
        let rows = try mirror.database.changes(since: 0).suffix(2)
        #expect(rows.map { "\($0.origin) \($0.entity) \($0.operation)" } == [
            "local members insert", "local team_members insert",
        ])
    }

    @Test func droppingACreationTakesTheLaterMutationsOfItsEntityAlong() throws {
        let mirror = try TemporaryMirror()
        try mirror.pullFixture()
        let before = try mirror.database.localViewContents(org: "acme")
        let create = try mirror.database.createProject(
            org: "acme", name: "Billing", teamSlug: "backend", madeAt: serverTime(1))
        let update = try mirror.database.updateProject(
            org: "acme", idOrSlug: "billing", name: "Billing API", madeAt: serverTime(2))
        let other = try mirror.database.deleteProject(
            org: "acme", idOrSlug: "api", madeAt: serverTime(3))

        let dropped = try mirror.database.drop(id: create.id)

        #expect(dropped == [create.id, update.id])
        #expect(try mirror.database.pendingMutations().map(\.id) == [other.id])
        try mirror.database.drop(id: other.id)
        #expect(try mirror.database.localViewContents(org: "acme") == before)
    }

    @Test func retryingAMutationThatDidNotFailIsRefused() throws {
        let mirror = try TemporaryMirror()
        try mirror.pullFixture()
        let mutation = try mirror.database.deleteProject(org: "acme", idOrSlug: "api", madeAt: serverTime(1))

        #expect(throws: LocalWriteError.mutationNotFailed(mutation.id)) {
            try mirror.database.retry(id: mutation.id)
        }
        #expect(throws: LocalWriteError.unknownMutation(999)) {
            try mirror.database.drop(id: 999)
        }
    }

    @Test func aRetryableErrorLeavesTheMutationQueuedWithItsNextAttempt() throws {
        let mirror = try TemporaryMirror()
        try mirror.pullFixture()
        let mutation = try mirror.database.deleteProject(org: "acme", idOrSlug: "api", madeAt: serverTime(1))
        try mirror.database.markSending(id: mutation.id)

        try mirror.database.markRetry(id: mutation.id, error: "HTTP 503", nextAttemptAt: serverTime(3))

        let row = try #require(try mirror.database.pendingMutation(id: mutation.id))
        #expect(row.state == .queued && row.attempts == 1 && row.lastError == "HTTP 503")
        #expect(row.nextAttemptAt == serverTime(3))
        #expect(try mirror.database.lookupProject(org: "acme", idOrSlug: "api") == nil)
    }
}
