import MirrorJSON
import Testing
@testable import MirrorStore

struct ConfirmTests {
    @Test func aConfirmedCreationTakesSentrysIDAndRetargetsLaterMutations() throws {
        let mirror = try TemporaryMirror()
        try mirror.pullFixture()
        let create = try mirror.database.createProject(
            org: "acme", name: "Billing API", platform: "python", teamSlug: "backend",
            madeAt: serverTime(1))
        let update = try mirror.database.updateProject(
            org: "acme", idOrSlug: "billing-api", name: "Billing", madeAt: serverTime(2))
        #expect(update.targetID == create.targetID)
        let head = try mirror.database.journalSequence

        let id = try mirror.database.markDone(
            id: create.id,
            serverObject: project("99", slug: "billing-api", name: "Billing API", teams: [("1", "backend")]),
            at: serverTime(3))

        #expect(id == "99")
        #expect(try mirror.database.pendingMutations().map(\.targetID) == ["99"])
        let local = try #require(try mirror.database.lookupProject(org: "acme", idOrSlug: "billing-api"))
        #expect(local.id == "99" && local.name == "Billing" && local.teamIDs == ["1"])
        #expect(try mirror.database.lookupProject(org: "acme", idOrSlug: create.targetID) == nil)
        let rows = try mirror.database.changes(since: head)
        #expect(rows.map { "\($0.origin) \($0.entity) \($0.entityID) \($0.operation)" } == [
            "remote projects 99 update",
            "remote project_teams \(create.targetID):1 delete",
            "remote project_teams 99:1 insert",
        ])
        let changes = try JSONValue(parsing: rows[0].changes)
        #expect(changes["id"] == json(#"{"old":"\#(create.targetID)","new":"99"}"#))
        #expect(try mirror.database.rebuildLocalView(org: "acme") == 0)
    }

    @Test func aConfirmedInviteBecomesAServerMemberWithItsTeams() throws {
        let mirror = try TemporaryMirror()
        try mirror.pullFixture()
        let add = try mirror.database.addMember(
            org: "acme", email: "n@example.com", teamSlugs: ["web"], madeAt: serverTime(1))
        let remove = try mirror.database.removeMember(
            org: "acme", idOrEmail: "n@example.com", madeAt: serverTime(2))
        #expect(remove.payload["id"] == .string(add.targetID))

        try mirror.database.markDone(
            id: add.id, serverObject: member("50", email: "n@example.com", pending: true),
            at: serverTime(3))

        let retargeted = try #require(try mirror.database.pendingMutation(id: remove.id))
        #expect(retargeted.targetID == "50" && retargeted.payload["id"] == .string("50"))
        #expect(try mirror.database.teamMemberships(org: "acme", memberID: "50", source: .server)
            .map(\.memberID) == ["2"])
        #expect(try mirror.database.lookupMember(org: "acme", idOrEmail: "n@example.com") == nil)
        #expect(try mirror.database.rebuildLocalView(org: "acme") == 0)
    }

    @Test func aConfirmedUpdateKeepsOnlyTheFieldsTheListingCarries() throws {
        let mirror = try TemporaryMirror()
        try mirror.pullFixture()
        let update = try mirror.database.updateProject(
            org: "acme", idOrSlug: "api", name: "Public API", madeAt: serverTime(1))
        let head = try mirror.database.journalSequence
        var detail = project("21", slug: "api", name: "Public API", teams: [("2", "web")]).objectValue!
        detail["status"] = .string("active")
        detail["organization"] = json(#"{"slug":"acme"}"#)

        try mirror.database.markDone(id: update.id, serverObject: .object(detail), at: serverTime(2))

        #expect(try mirror.database.journalSequence == head)  // the view already showed it
        let server = try #require(try mirror.database.projects(org: "acme", source: .server)
            .first { $0.record.id == "21" })
        #expect(server.record.name == "Public API")
        #expect(try server.record.parsedJSON()["status"] == nil)
        let version = try mirror.column("SELECT version FROM server_projects WHERE id = '21'")
        #expect(version == ["2"])

        let (changes, _) = try mirror.database.pullAll(
            org: "acme", .projects,
            [
                project("20", slug: "legacy-app", teams: [("1", "backend")]),
                project("21", slug: "api", name: "Public API", teams: [("2", "web")]),
            ], at: serverTime(3))
        #expect(changes.unchanged == 2 && changes.journalRows == 0)
    }

    @Test func aConfirmedDeletionLeavesServerStateAndTheQueue() throws {
        let mirror = try TemporaryMirror()
        try mirror.pullFixture()
        let delete = try mirror.database.deleteProject(org: "acme", idOrSlug: "api", madeAt: serverTime(1))
        let head = try mirror.database.journalSequence

        try mirror.database.markDone(id: delete.id, serverObject: nil, at: serverTime(2))

        #expect(try mirror.database.pendingMutations().isEmpty)
        #expect(try mirror.database.projects(org: "acme", source: .server).map(\.record.id) == ["20"])
        #expect(try mirror.database.journalSequence == head)
    }
}
