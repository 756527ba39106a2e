import Foundation
import MirrorJSON
import MirrorStore
import SentryEmulator
import Synchronization
import SyncEngine
import Testing

/// Sentry pages by offset: a row removed mid-listing shifts the later pages by
/// one, so the listing never shows a row that still exists (CONTRACT §10.2).
/// Such a row is asked about before it is removed from the mirror.
struct PullMissedRowsTests {
    @Test func aMemberRemovedMidListingDoesNotTakeALiveMemberOutOfTheMirror() async throws {
        let harness = try PullHarness(teams: 2, members: 350, projects: 3)
        try await harness.pull()
        let ids = try harness.column(
            "select id from server_members order by cast(id as integer)")
        let first = try #require(ids.first)
        let head = try harness.database.journalSequence
        let state = harness.state
        let removed = Mutex(false)

        // Removed while the first page is written: a later page starts one row late.
        try await PullEngine(client: harness.client, database: harness.database) { progress in
            guard progress.resource == "members", progress.pages == 1 else { return }
            guard removed.withLock({ done in defer { done = true }; return !done }) else { return }
            try? state.apply(.removeMember(id: Int(first)!))
        }.pull()

        #expect(removed.withLock { $0 })
        #expect(try harness.column("select id from members order by cast(id as integer)") == ids)
        let deletes = try harness.database.changes(since: head, entity: "members")
            .filter { $0.operation == .delete }
        #expect(deletes.isEmpty)

        // The next listing no longer shows the member that went, which is removed then.
        try await harness.pull()
        let later = try harness.database.changes(since: head, entity: "members")
        #expect(later.map { "\($0.entityID) \($0.operation)" } == ["\(first) delete"])
    }

    @Test func aProjectGoneFromSentryIsRemovedAfterOneReadConfirmsIt() async throws {
        let harness = try PullHarness(teams: 3, members: 20, projects: 5)
        try await harness.pull()
        let project = try #require(try harness.database.projects(org: PullHarness.org).first)
        try harness.state.apply(.deleteProject(idOrSlug: project.record.slug))
        let requestsBefore = harness.client.requestCount

        let summary = try await harness.pull()

        #expect(summary.projects.removed == 1)
        #expect(try harness.database.lookupProject(
            org: PullHarness.org, idOrSlug: project.record.id) == nil)
        // One request more than the pages: the read that confirmed the deletion.
        #expect(harness.client.requestCount - requestsBefore == summary.pages + 1)
    }

    @Test func aTeamGoneFromSentryIsRemovedAfterItsMemberListAnswers404() async throws {
        let harness = try PullHarness(teams: 3, members: 20, projects: 5)
        try await harness.pull()
        let ghost = try JSONValue(parsing: #"{"id":"999","slug":"ghost","name":"Ghost"}"#)
        let listing = try harness.database.beginListing(
            org: PullHarness.org, resource: .teams, at: Date())
        try harness.database.applyServerPage(
            org: PullHarness.org, kind: .teams, objects: [ghost], listing: listing, at: Date())

        let summary = try await harness.pull()

        #expect(summary.teams.removed == 1)
        #expect(try harness.database.lookupTeam(org: PullHarness.org, slug: "ghost") == nil)
        #expect(try harness.database.teams(org: PullHarness.org).count == 3)
    }

    @Test func aRowRepeatedOnTheNextPageIsListedOnce() async throws {
        let harness = try PullHarness(teams: 2, members: 5, projects: 250)
        try await harness.pull()
        let before = try harness.count("select count(*) from server_projects")
        let state = harness.state
        let added = Mutex(false)
        let team = try #require(try harness.database.teams(org: PullHarness.org).first).record

        // Sorted first, added while the first page is written: a later page
        // starts one row early and repeats the row before it.
        let summary = try await PullEngine(
            client: harness.client, database: harness.database
        ) { progress in
            guard progress.resource == "projects", progress.pages == 1 else { return }
            guard added.withLock({ done in defer { done = true }; return !done }) else { return }
            try? state.apply(.addProject(slug: "aaaa-first", teams: [team.slug]))
        }.pull()

        #expect(added.withLock { $0 })
        #expect(summary.projects.listed == before)
        #expect(summary.projects.added == 0 && summary.projects.removed == 0)
        #expect(try harness.count("select count(*) from server_projects") == before)
    }
}
