import Foundation
import MirrorJSON
import MirrorStore
import SentryAPI
import SentryEmulator
import SyncEngine
import Testing

/// A whole organization pulls with the emulator's counts, in exactly the
/// requests its pages need.
struct PullCountsTests {
    private static let teamsRoute = "GET /api/0/organizations/{org}/teams/"
    private static let membersRoute = "GET /api/0/organizations/{org}/members/"
    private static let projectsRoute = "GET /api/0/organizations/{org}/projects/"
    private static let teamMembersRoute = "GET /api/0/teams/{org}/{team}/members/"

    @Test func aLargeOrganizationPullsEveryRowInExactlyTheRequestsItsPagesNeed() async throws {
        let harness = try PullHarness(teams: 40, members: 2_500, projects: 700)
        let emulator = try harness.emulatorJSON()
        let emulatorTeams = emulator["teams"]?.arrayValue ?? []
        let memberCounts = emulatorTeams.map { Int($0["memberCount"]?.numberValue ?? -1) }
        #expect(memberCounts.allSatisfy { $0 >= 0 })
        #expect(memberCounts.contains { $0 > 100 }, "some team list should need two pages")

        let summary = try await harness.pull()

        // Rows: what the emulator holds, in the server state and the local view.
        #expect(try harness.count("select count(*) from teams") == harness.state.teamCount)
        #expect(try harness.count("select count(*) from members") == harness.state.memberCount)
        #expect(try harness.count("select count(*) from projects") == harness.state.projectCount)
        #expect(try harness.count("select count(*) from server_members") == 2_500)
        #expect(
            try harness.count("select count(*) from team_members")
                == memberCounts.reduce(0, +)
        )
        let emulatorMemberIDs = Set(
            (emulator["members"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
        )
        #expect(Set(try harness.column("select id from members")) == emulatorMemberIDs)
        #expect(summary.members.added == 2_500)
        #expect(summary.projects.added == 700)
        #expect(summary.teams.added == 40)

        // Requests: one per page, and not one more (2,500 and 700 are exact
        // multiples of 100, so no trailing empty page).
        let counts = harness.server.requestCounts()
        let teamListPages = memberCounts.map(pagesNeeded).reduce(0, +)
        #expect(pagesNeeded(2_500) == 25 && pagesNeeded(700) == 7 && pagesNeeded(40) == 1)
        #expect(counts[Self.teamsRoute] == 1)
        #expect(counts[Self.membersRoute] == 25)
        #expect(counts[Self.projectsRoute] == 7)
        #expect(counts[Self.teamMembersRoute] == teamListPages)
        let expectedTotal = 1 + 25 + 7 + teamListPages
        #expect(harness.server.totalRequests == expectedTotal, "unexpected routes: \(counts)")
        #expect(summary.requests == expectedTotal)
        #expect(summary.pages == expectedTotal)
        #expect(harness.waits.all.isEmpty, "no request should have been retried")
    }

    @Test func aSecondPullWithNothingNewWritesNoJournalRow() async throws {
        let harness = try PullHarness(teams: 6, members: 350, projects: 30)
        try await harness.pull()
        let head = try harness.database.journalSequence
        #expect(head > 0)

        let second = try await harness.pull()

        #expect(second.journalRows == 0)
        #expect(try harness.database.journalSequence == head)
        #expect(second.teams.isEmpty && second.members.isEmpty && second.projects.isEmpty)
        #expect(second.teamMemberships.isEmpty)
        #expect(second.members.listed == 350)
    }

    @Test func renamingAMemberOnTheServerGivesExactlyOneJournalRow() async throws {
        let harness = try PullHarness(teams: 6, members: 350, projects: 30)
        try await harness.pull()
        let head = try harness.database.journalSequence
        let member = try #require(
            try harness.database.members(org: PullHarness.org).map(\.record)
                .first { !$0.pending && $0.orgRole == "member" }
        )

        try harness.state.apply(.renameMember(id: Int(member.id)!, name: "Ünal Renamed"))
        let summary = try await harness.pull()

        let rows = try harness.database.changes(since: head)
        #expect(rows.count == 1)
        #expect(summary.journalRows == 1)
        let row = try #require(rows.first)
        #expect(row.entity == "members")
        #expect(row.entityID == member.id)
        #expect(row.operation == .update)
        #expect(row.origin == .remote)
        let changes = try JSONValue(parsing: row.changes)
        #expect(changes["name"]?["old"]?.stringValue == member.name)
        #expect(changes["name"]?["new"]?.stringValue == "Ünal Renamed")
        #expect(changes["email"] == nil && changes["orgRole"] == nil)
        #expect(try harness.column("select name from members where id = '\(member.id)'")
            == ["Ünal Renamed"])
    }

    @Test func changingAMembersRoleOnTheServerGivesExactlyOneJournalRow() async throws {
        let harness = try PullHarness(teams: 6, members: 350, projects: 30)
        try await harness.pull()
        let head = try harness.database.journalSequence
        let member = try #require(
            try harness.database.members(org: PullHarness.org).map(\.record)
                .first { $0.orgRole == "member" }
        )

        try harness.state.apply(.setRole(id: Int(member.id)!, role: "manager"))
        try await harness.pull()

        let rows = try harness.database.changes(since: head)
        #expect(rows.count == 1)
        let row = try #require(rows.first)
        #expect(row.entity == "members" && row.entityID == member.id && row.operation == .update)
        let changes = try JSONValue(parsing: row.changes)
        #expect(changes["orgRole"]?["old"]?.stringValue == "member")
        #expect(changes["orgRole"]?["new"]?.stringValue == "manager")
        #expect(changes["name"] == nil)
        #expect(try harness.column("select role from members where id = '\(member.id)'")
            == ["manager"])
    }

    @Test func renamingAProjectOnTheServerGivesExactlyOneJournalRow() async throws {
        let harness = try PullHarness(teams: 6, members: 120, projects: 30)
        try await harness.pull()
        let head = try harness.database.journalSequence
        let project = try #require(try harness.database.projects(org: PullHarness.org).first)
            .record

        try harness.state.apply(.renameProject(idOrSlug: project.id, name: "Żółw Gateway"))
        try await harness.pull()

        let rows = try harness.database.changes(since: head)
        #expect(rows.count == 1)
        let row = try #require(rows.first)
        #expect(row.entity == "projects" && row.entityID == project.id)
        #expect(row.operation == .update)
        let changes = try JSONValue(parsing: row.changes)
        #expect(changes.objectValue.map { Array($0.keys) } == ["name"])
        #expect(changes["name"]?["new"]?.stringValue == "Żółw Gateway")
    }
}
