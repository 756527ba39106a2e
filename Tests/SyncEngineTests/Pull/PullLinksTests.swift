import Foundation
import MirrorJSON
import MirrorStore
import SentryEmulator
import SyncEngine
import Testing

/// Team memberships come from each team's member list, and the local view
/// the pull maintains is the one a rebuild computes (DESIGN.md invariant 4).
struct PullLinksTests {
    @Test func aMemberAddedToATeamOnTheServerAppearsInTeamMembersAfterThePull() async throws {
        let harness = try PullHarness(teams: 6, members: 150, projects: 10)
        try await harness.pull()
        let teams = try harness.database.teams(org: PullHarness.org).map(\.record)
        let team = try #require(teams.first)
        let onTeam = Set(try harness.column(
            "select member_id from team_members where team_id = '\(team.id)'"
        ))
        let member = try #require(
            try harness.database.members(org: PullHarness.org).map(\.record)
                .first { !onTeam.contains($0.id) && $0.orgRole != "billing" }
        )
        let head = try harness.database.journalSequence

        try harness.state.apply(
            .addTeamMember(memberID: Int(member.id)!, team: team.slug, role: "admin")
        )
        let summary = try await harness.pull()

        let roles = try harness.column(
            "select coalesce(team_role, '-') from team_members "
                + "where team_id = '\(team.id)' and member_id = '\(member.id)'"
        )
        #expect(roles == ["admin"])
        #expect(summary.teamMemberships.added == 1)
        let links = try harness.database.changes(since: head, entity: "team_members")
        #expect(links.map(\.entityID) == ["\(team.id):\(member.id)"])
        #expect(links.map(\.operation) == [.insert])
        let memberships = try harness.database.teamMemberships(
            org: PullHarness.org, memberID: member.id
        )
        // `teamMemberships(org:memberID:)` puts each team's id in `memberID`.
        #expect(memberships.contains { $0.memberID == team.id && $0.teamRole == "admin" })
    }

    @Test func aMemberTakenOffATeamOnTheServerLeavesTeamMembersAfterThePull() async throws {
        let harness = try PullHarness(teams: 6, members: 150, projects: 10)
        try await harness.pull()
        let link = try #require(try harness.database.readOnlyQuery(
            sql: "select t.slug, tm.member_id, t.id from team_members tm join teams t "
                + "on t.org = tm.org and t.id = tm.team_id order by 2 limit 1"
        ).rows.first).map(\.description)

        try harness.state.apply(.removeTeamMember(memberID: Int(link[1])!, team: link[0]))
        try await harness.pull()

        #expect(try harness.count(
            "select count(*) from team_members where team_id = '\(link[2])' "
                + "and member_id = '\(link[1])'"
        ) == 0)
    }

    @Test func rebuildingTheLocalViewAfterPullsChangesNothing() async throws {
        let harness = try PullHarness(teams: 6, members: 350, projects: 30)
        try await harness.pull()
        let members = try harness.database.members(org: PullHarness.org).map(\.record)
        let projects = try harness.database.projects(org: PullHarness.org).map(\.record)
        let teams = try harness.database.teams(org: PullHarness.org).map(\.record)
        try harness.state.apply(.renameMember(
            id: Int(try #require(members.first { !$0.pending }).id)!, name: "Åsa Ny"
        ))
        try harness.state.apply(.removeMember(id: Int(members[10].id)!))
        try harness.state.apply(.renameProject(idOrSlug: projects[3].id, platform: "rust"))
        try harness.state.apply(.addProject(slug: "new-thing", teams: [teams[1].slug]))
        try harness.state.apply(.addTeamMember(memberID: Int(members[20].id)!, team: teams[2].slug))
        try await harness.pull()
        let incremental = try harness.database.localViewContents(org: PullHarness.org)
        #expect((incremental.tables["members"]?.count ?? 0) == 349)
        #expect((incremental.tables["team_members"]?.count ?? 0) > 0)
        #expect((incremental.tables["project_teams"]?.count ?? 0) >= 31)

        let written = try harness.database.rebuildLocalView(org: PullHarness.org)

        #expect(written == 0)
        #expect(try harness.database.localViewContents(org: PullHarness.org) == incremental)
    }

    @Test func aTeamDeletedBetweenTheListingAndItsMemberListDoesNotFailThePull() async throws {
        let harness = try PullHarness(teams: 3, members: 30, projects: 4)
        try await harness.pull()
        let links = try harness.count("select count(*) from team_members")
        harness.server.addFault(EmulatorFault(
            method: "GET", path: "/api/0/teams/{org}/{team}/members/", action: .status(404),
            times: 1
        ))

        let summary = try await harness.pull()

        #expect(summary.teamMemberships.removed == 0)
        #expect(try harness.count("select count(*) from team_members") == links)
    }
}
