import MirrorJSON
import Testing
@testable import MirrorStore

struct LocalWriteTests {
    @Test func addingAMemberChangesTheViewJournalsAndQueuesInOneGo() throws {
        let mirror = try TemporaryMirror()
        try mirror.pullFixture()
        let head = try mirror.database.journalSequence

        let mutation = try mirror.database.addMember(
            org: "acme", email: "new.person@example.com", role: "member", teamSlugs: ["backend"],
            madeAt: serverTime(10))

        #expect(mutation.kind == .memberAdd && mutation.state == .queued)
        #expect(mutation.targetID == "local:\(mutation.id)")
        #expect(mutation.madeAt == serverTime(10) && mutation.baseVersion == nil)
        #expect(mutation.payload == json(#"{"email":"new.person@example.com","role":"member","teams":["backend"]}"#))
        let added = try #require(try mirror.database.lookupMember(org: "acme", idOrEmail: "new.person@example.com"))
        #expect(added.id == mutation.targetID && added.pending && added.orgRole == "member")
        let rows = try mirror.database.changes(since: head)
        #expect(rows.map { "\($0.origin) \($0.entity) \($0.operation)" } == [
            "local members insert", "local team_members insert",
        ])
        #expect(rows.last?.entityID == "1:\(mutation.targetID)")
        #expect(rows.first?.serverTime == serverTime(10))
        #expect(try mirror.database.members(org: "acme").filter(\.hasPendingChanges).count == 1)
    }

    @Test func removingAMemberTakesItAndItsTeamsOutOfTheView() throws {
        let mirror = try TemporaryMirror()
        try mirror.pullFixture()

        let mutation = try mirror.database.removeMember(
            org: "acme", idOrEmail: "OLD.person@example.com", madeAt: serverTime(10))

        #expect(mutation.targetID == "7" && mutation.baseVersion == 1)
        #expect(mutation.payload == json(#"{"id":"7"}"#))
        #expect(try mirror.database.lookupMember(org: "acme", idOrEmail: "7") == nil)
        #expect(try mirror.count("SELECT count(*) FROM team_members") == 0)
        #expect(try mirror.count("SELECT count(*) FROM server_members") == 2)
        let rows = try mirror.database.changes(since: 0).suffix(2)
        #expect(rows.map { "\($0.origin) \($0.entity) \($0.operation)" } == [
            "local members delete", "local team_members delete",
        ])
    }

    @Test func creatingAProjectGivesItALocalIDAnExplicitSlugAndItsTeam() throws {
        let mirror = try TemporaryMirror()
        try mirror.pullFixture()

        let mutation = try mirror.database.createProject(
            org: "acme", name: "Billing API", teamSlug: "backend", madeAt: serverTime(10))

        #expect(mutation.payload["slug"] == .string("billing-api"))
        #expect(mutation.payload["team"] == .string("backend"))
        let created = try #require(try mirror.database.lookupProject(org: "acme", idOrSlug: "billing-api"))
        #expect(created.id == mutation.targetID && created.teamIDs == ["1"])
        #expect(created.name == "Billing API" && created.platform == nil)
    }

    @Test func updatingAProjectChangesOnlyTheGivenFields() throws {
        let mirror = try TemporaryMirror()
        try mirror.pullFixture()
        let head = try mirror.database.journalSequence

        try mirror.database.updateProject(
            org: "acme", idOrSlug: "legacy-app", name: "Legacy", platform: "node",
            madeAt: serverTime(10))

        let project = try #require(try mirror.database.lookupProject(org: "acme", idOrSlug: "20"))
        #expect(project.name == "Legacy" && project.platform == "node" && project.slug == "legacy-app")
        let row = try #require(try mirror.database.changes(since: head).first)
        #expect(row.operation == .update && row.origin == .local)
        #expect(try JSONValue(parsing: row.changes) == json(
            #"{"name":{"old":"legacy-app","new":"Legacy"},"platform":{"old":"python","new":"node"}}"#))
    }

    @Test func deletingAProjectRemovesItFromTheViewButNotFromServerState() throws {
        let mirror = try TemporaryMirror()
        try mirror.pullFixture()

        try mirror.database.deleteProject(org: "acme", idOrSlug: "legacy-app", madeAt: serverTime(10))

        #expect(try mirror.database.projects(org: "acme").map(\.record.slug) == ["api"])
        #expect(try mirror.database.projects(org: "acme", source: .server).count == 2)
        #expect(try mirror.count("SELECT count(*) FROM project_teams WHERE project_id = '20'") == 0)
    }

    @Test func writesThatDoNotFitTheViewAreRefusedAndWriteNothing() throws {
        let mirror = try TemporaryMirror()
        try mirror.pullFixture()
        let head = try mirror.database.journalSequence
        let db = mirror.database
        let t = serverTime(10)

        let refusals: [(LocalWriteError, () throws -> Void)] = [
            (
                .invalidEmail("nobody"),
                { _ = try db.addMember(org: "acme", email: "nobody", madeAt: t) }
            ),
            (
                .unknownRole("boss"),
                { _ = try db.addMember(org: "acme", email: "x@y.io", role: "boss", madeAt: t) }
            ),
            (
                .unknownTeam("ops"),
                { _ = try db.addMember(org: "acme", email: "x@y.io", teamSlugs: ["ops"], madeAt: t) }
            ),
            (
                .alreadyMember("b@example.com"),
                { _ = try db.addMember(org: "acme", email: "b@example.com", madeAt: t) }
            ),
            (
                .memberNotFound("z@example.com"),
                { _ = try db.removeMember(org: "acme", idOrEmail: "z@example.com", madeAt: t) }
            ),
            (
                .slugTaken("api"),
                { _ = try db.createProject(org: "acme", name: "API", teamSlug: "web", madeAt: t) }
            ),
            (
                .invalidSlug("Bad Slug"),
                { _ = try db.createProject(org: "acme", name: "x", slug: "Bad Slug", teamSlug: "web", madeAt: t) }
            ),
            (
                .unknownTeam("ops"),
                { _ = try db.createProject(org: "acme", name: "New", teamSlug: "ops", madeAt: t) }
            ),
            (
                .projectNotFound("gone"),
                { _ = try db.deleteProject(org: "acme", idOrSlug: "gone", madeAt: t) }
            ),
            (
                .slugTaken("api"),
                { _ = try db.updateProject(org: "acme", idOrSlug: "legacy-app", slug: "api", madeAt: t) }
            ),
            (
                .nothingToUpdate,
                { _ = try db.updateProject(org: "acme", idOrSlug: "api", madeAt: t) }
            ),
        ]

        for (expected, write) in refusals {
            let error = #expect(throws: LocalWriteError.self) { try write() }
            #expect(error == expected)
        }
        #expect(try db.pendingMutations().isEmpty)
        #expect(try db.journalSequence == head)
    }

    @Test func aSecondInviteOfTheSameAddressIsRefusedAsAlreadyInvited() throws {
        let mirror = try TemporaryMirror()
        try mirror.pullFixture()
        try mirror.database.addMember(org: "acme", email: "n@example.com", madeAt: serverTime(1))

        let error = #expect(throws: LocalWriteError.self) {
            try mirror.database.addMember(org: "acme", email: "n@example.com", madeAt: serverTime(2))
        }

        #expect(error == .alreadyInvited("n@example.com"))
    }

    @Test func pendingWorkSurvivesReopeningTheDatabase() throws {
        let mirror = try TemporaryMirror()
        try mirror.pullFixture()
        try mirror.database.addMember(org: "acme", email: "n@example.com", madeAt: serverTime(1))
        try mirror.database.deleteProject(org: "acme", idOrSlug: "api", madeAt: serverTime(2))
        let before = try mirror.database.pendingMutations()

        try mirror.reopen()

        #expect(try mirror.database.pendingMutations() == before)
        #expect(before.map(\.kind) == [.memberAdd, .projectDelete])
        #expect(try mirror.database.lookupProject(org: "acme", idOrSlug: "api") == nil)
        let status = try #require(try mirror.database.status(org: "acme").first)
        #expect(status.pendingMutations == 2)
    }

    @Test func slugsAreMadeFromNamesTheWaySentryAcceptsThem() {
        #expect(MirrorDatabase.slug(from: "Billing API") == "billing-api")
        #expect(MirrorDatabase.slug(from: "  Café -- Ünïcode 2 ") == "caf-n-code-2")
        #expect(MirrorDatabase.slug(from: "2024") == "project-2024")
        #expect(MirrorDatabase.slug(from: "???") == nil)
    }
}
