import MirrorJSON
import Testing
@testable import MirrorStore

struct TeamLinkTests {
    private func pulledMirror() throws -> TemporaryMirror {
        let mirror = try TemporaryMirror()
        try mirror.database.pullAll(
            org: "acme", .teams, [team("1", slug: "backend"), team("2", slug: "web")],
            at: serverTime(0))
        try mirror.database.pullAll(
            org: "acme", .members,
            [member("7", email: "a@example.com"), member("8", email: "b@example.com")],
            at: serverTime(0))
        return mirror
    }

    @Test func teamMembersAreLinkedAndJournaledAsTeamIDColonMemberID() throws {
        let mirror = try pulledMirror()
        let head = try mirror.database.journalSequence

        let changes = try mirror.database.replaceTeamMembers(
            org: "acme", teamID: "1",
            links: [.init(memberID: "7", teamRole: "admin"), .init(memberID: "8", teamRole: nil)],
            at: serverTime(1))

        #expect(changes.inserted == 2 && changes.journalRows == 2)
        let rows = try mirror.database.changes(since: head)
        #expect(rows.map(\.entity) == ["team_members", "team_members"])
        #expect(rows.map(\.entityID) == ["1:7", "1:8"])
        let roles = try mirror.column(
            "SELECT member_id || team_role FROM team_members WHERE team_role IS NOT NULL")
        #expect(roles == ["7admin"])
    }

    @Test func aChangedTeamListJournalsOnlyItsDifferences() throws {
        let mirror = try pulledMirror()
        try mirror.database.replaceTeamMembers(
            org: "acme", teamID: "1",
            links: [.init(memberID: "7", teamRole: nil), .init(memberID: "8", teamRole: nil)],
            at: serverTime(1))
        let head = try mirror.database.journalSequence

        let same = try mirror.database.replaceTeamMembers(
            org: "acme", teamID: "1",
            links: [.init(memberID: "8", teamRole: nil), .init(memberID: "7", teamRole: nil)],
            at: serverTime(2))
        let changed = try mirror.database.replaceTeamMembers(
            org: "acme", teamID: "1", links: [.init(memberID: "7", teamRole: "admin")],
            at: serverTime(3))

        #expect(same.journalRows == 0)
        #expect(changed.updated == 1 && changed.removed == 1)
        let rows = try mirror.database.changes(since: head)
        #expect(rows.map(\.operation) == [.update, .delete])
        #expect(rows.map(\.entityID) == ["1:7", "1:8"])
        #expect(try JSONValue(parsing: rows[0].changes) == json(#"{"teamRole":{"old":null,"new":"admin"}}"#))
    }

    @Test func membersOfATeamNotInTheMirrorAreRefused() throws {
        let mirror = try pulledMirror()

        let error = #expect(throws: MirrorStoreError.self) {
            try mirror.database.replaceTeamMembers(
                org: "acme", teamID: "99", links: [.init(memberID: "7", teamRole: nil)],
                at: serverTime(1))
        }

        #expect(error?.message.contains("pull the teams listing") == true)
    }

    @Test func projectTeamsComeFromTheProjectObject() throws {
        let mirror = try pulledMirror()

        try mirror.database.pullAll(
            org: "acme", .projects,
            [project("20", slug: "api", teams: [("1", "backend"), ("2", "web")])], at: serverTime(1))
        let head = try mirror.database.journalSequence
        try mirror.database.pullAll(
            org: "acme", .projects, [project("20", slug: "api", teams: [("2", "web")])],
            at: serverTime(2))

        #expect(try mirror.database.projects(org: "acme").first?.record.teamIDs == ["2"])
        let rows = try mirror.database.changes(since: head)
        #expect(rows.map(\.entity) == ["projects", "project_teams"])
        #expect(rows.last?.operation == .delete && rows.last?.entityID == "20:1")
    }

    @Test func aTeamRemovedFromSentryTakesItsLinksAlong() throws {
        let mirror = try pulledMirror()
        try mirror.database.replaceTeamMembers(
            org: "acme", teamID: "1", links: [.init(memberID: "7", teamRole: nil)],
            at: serverTime(1))
        try mirror.database.pullAll(
            org: "acme", .projects, [project("20", slug: "api", teams: [("1", "backend")])],
            at: serverTime(1))
        let head = try mirror.database.journalSequence

        try mirror.database.pullAll(org: "acme", .teams, [team("2", slug: "web")], at: serverTime(2))

        let rows = try mirror.database.changes(since: head)
        #expect(Set(rows.map { "\($0.entity) \($0.entityID) \($0.operation)" }) == [
            "teams 1 delete", "team_members 1:7 delete", "project_teams 20:1 delete",
        ])
        #expect(try mirror.count("SELECT count(*) FROM team_members") == 0)
        #expect(try mirror.count("SELECT count(*) FROM server_project_teams") == 0)
    }

    @Test func aMemberOnATeamListBeforeTheMembersListingSawItKeepsItsLinkThroughARebuild()
        throws
    {
        // Invited on Sentry between the members listing and the team's member list.
        let mirror = try pulledMirror()
        try mirror.database.replaceTeamMembers(
            org: "acme", teamID: "1",
            links: [.init(memberID: "7", teamRole: nil), .init(memberID: "9", teamRole: nil)],
            at: serverTime(1))
        let incremental = try mirror.database.localViewContents(org: "acme")
        #expect(try mirror.column("SELECT member_id FROM team_members ORDER BY 1") == ["7", "9"])

        let written = try mirror.database.rebuildLocalView(org: "acme")

        #expect(written == 0)
        #expect(try mirror.database.localViewContents(org: "acme") == incremental)
    }
}
