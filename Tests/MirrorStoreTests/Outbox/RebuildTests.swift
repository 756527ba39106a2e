import MirrorJSON
import Testing
@testable import MirrorStore

struct RebuildTests {
    @Test func rebuildingFromScratchGivesTheRowsOfTheIncrementalPath() throws {
        let mirror = try TemporaryMirror()
        let db = mirror.database
        try mirror.pullFixture()
        try db.addMember(org: "acme", email: "n@example.com", teamSlugs: ["backend", "web"], madeAt: serverTime(1))
        let create = try db.createProject(org: "acme", name: "Billing", teamSlug: "web", madeAt: serverTime(2))
        try db.updateProject(org: "acme", idOrSlug: "billing", slug: "billing-v2", madeAt: serverTime(3))
        try db.updateProject(org: "acme", idOrSlug: "legacy-app", platform: "rust", madeAt: serverTime(4))
        let remove = try db.removeMember(org: "acme", idOrEmail: "b@example.com", madeAt: serverTime(5))
        try db.pullAll(
            org: "acme", .members,
            [member("7", email: "old.person@example.com", role: "owner"), member("8", email: "b@example.com"),
             member("9", email: "c@example.com")], at: serverTime(6))
        try db.replaceTeamMembers(
            org: "acme", teamID: "2",
            links: [.init(memberID: "9", teamRole: "admin"), .init(memberID: "8", teamRole: nil)],
            at: serverTime(6))
        try db.markDone(
            id: create.id,
            serverObject: project("30", slug: "billing", name: "Billing", teams: [("2", "web")]),
            at: serverTime(7))
        try db.markFailed(id: remove.id, error: "You cannot remove the only remaining owner")
        try db.pullAll(
            org: "acme", .projects,
            [project("20", slug: "legacy-app", name: "Legacy", teams: [("1", "backend"), ("2", "web")]),
             project("30", slug: "billing", name: "Billing", teams: [("2", "web")])], at: serverTime(8))
        let incremental = try db.localViewContents(org: "acme")
        #expect(incremental.tables["members"]?.count == 4)  // 7, 8, 9 and the invite
        #expect(incremental.tables["projects"]?.count == 2)

        for table in ["teams", "members", "projects", "team_members", "project_teams"] {
            try db.connection.execute("DELETE FROM \(table)")
        }
        try db.rebuildLocalView(org: "acme")

        #expect(try db.localViewContents(org: "acme") == incremental)
        #expect(try db.rebuildLocalView(org: "acme") == 0)
    }

    @Test func rebuildingRepairsAndJournalsAViewThatDriftedFromItsSources() throws {
        let mirror = try TemporaryMirror()
        try mirror.pullFixture()
        let expected = try mirror.database.localViewContents(org: "acme")
        try mirror.database.connection.execute(
            "UPDATE members SET role = 'owner', json = replace(json, '\"member\"', '\"owner\"') "
                + "WHERE id = '8'")
        try mirror.database.connection.execute("DELETE FROM project_teams WHERE project_id = '21'")
        #expect(try mirror.database.localViewContents(org: "acme") != expected)

        let written = try mirror.database.rebuildLocalView(org: "acme")

        #expect(written == 2)  // the member's update and the link's insert
        #expect(try mirror.database.localViewContents(org: "acme") == expected)
    }

    @Test func aTeamRemovedOnSentryTakesItsLinksFromPendingCreationsAlong() throws {
        let mirror = try TemporaryMirror()
        let db = mirror.database
        try mirror.pullFixture()
        let invite = try db.addMember(
            org: "acme", email: "n@example.com", teamSlugs: ["backend", "web"], madeAt: serverTime(1))
        let create = try db.createProject(org: "acme", name: "Billing", teamSlug: "web", madeAt: serverTime(1))
        let head = try db.journalSequence

        try db.pullAll(org: "acme", .teams, [team("1", slug: "backend")], at: serverTime(2))

        let links = try mirror.column(
            "SELECT team_id || ':' || member_id FROM team_members ORDER BY 1")
        #expect(links == ["1:7", "1:\(invite.targetID)"])
        #expect(try mirror.count(
            "SELECT count(*) FROM project_teams WHERE project_id = '\(create.targetID)'") == 0)
        let rows = try db.changes(since: head).map { "\($0.entity) \($0.entityID) \($0.operation)" }
        #expect(rows.contains("team_members 2:\(invite.targetID) delete"))
        #expect(rows.contains("project_teams \(create.targetID):2 delete"))
        #expect(try db.rebuildLocalView(org: "acme") == 0)
    }

    @Test func aTeamRenamedOnSentryChangesThePendingCreationsThatNameIt() throws {
        let mirror = try TemporaryMirror()
        let db = mirror.database
        try mirror.pullFixture()
        try db.addMember(org: "acme", email: "n@example.com", teamSlugs: ["web"], madeAt: serverTime(1))
        let create = try db.createProject(org: "acme", name: "Billing", teamSlug: "web", madeAt: serverTime(1))

        try db.pullAll(
            org: "acme", .teams, [team("1", slug: "backend"), team("2", slug: "frontend")],
            at: serverTime(2))
        let incremental = try db.localViewContents(org: "acme")

        // The pending mutations name the team `web`, which no longer exists.
        #expect(try mirror.count("SELECT count(*) FROM team_members WHERE team_id = '2'") == 0)
        let project = try #require(try db.lookupProject(org: "acme", idOrSlug: create.targetID))
        #expect(project.teamIDs.isEmpty)
        #expect(try db.rebuildLocalView(org: "acme") == 0)
        #expect(try db.localViewContents(org: "acme") == incremental)
    }
}
