import MirrorJSON
import Testing
@testable import MirrorStore

struct ServerPageTests {
    @Test func aFirstPullInsertsRowsAndJournalsEachInsert() throws {
        let mirror = try TemporaryMirror()

        let (changes, removed) = try mirror.database.pullAll(
            org: "acme", .members,
            [member("1", email: "a@example.com"), member("2", email: "b@example.com", pending: true)],
            at: serverTime(0))

        #expect(changes.inserted == 2 && changes.journalRows == 2 && removed.isEmpty)
        let journal = try mirror.database.changes(since: 0)
        #expect(journal.map(\.operation) == [.insert, .insert])
        #expect(journal.map(\.origin) == [.remote, .remote])
        #expect(journal.map(\.entityID) == ["1", "2"])
        #expect(try JSONValue(parsing: journal[0].changes)["email"] == .string("a@example.com"))
        #expect(journal[0].serverTime == serverTime(0))
        let members = try mirror.database.members(org: "acme")
        #expect(members.map(\.record.email) == ["a@example.com", "b@example.com"])
        #expect(members[1].record.pending && members[0].record.userID == "u1")
    }

    @Test func aPullThatFindsNothingNewWritesNoJournalRow() throws {
        let mirror = try TemporaryMirror()
        let objects = [member("1", email: "a@example.com"), member("2", email: "b@example.com")]
        try mirror.database.pullAll(org: "acme", .members, objects, at: serverTime(0))
        let head = try mirror.database.journalSequence

        let (changes, removed) = try mirror.database.pullAll(
            org: "acme", .members, objects.reversed(), at: serverTime(5))

        #expect(changes.unchanged == 2 && changes.journalRows == 0 && removed.isEmpty)
        #expect(try mirror.database.journalSequence == head)
        let confirmed = try mirror.column(
            "SELECT confirmed_at || ' ' || first_seen_at || ' ' || version FROM server_members "
                + "WHERE id = '1'")
        #expect(confirmed == ["\(ServerTime.text(serverTime(5))) \(ServerTime.text(serverTime(0))) 1"])
    }

    @Test func aChangedObjectJournalsOneUpdateWithOnlyTheChangedFields() throws {
        let mirror = try TemporaryMirror()
        try mirror.database.pullAll(
            org: "acme", .members, [member("1", email: "a@example.com", role: "member")],
            at: serverTime(0))
        let head = try mirror.database.journalSequence

        let (changes, _) = try mirror.database.pullAll(
            org: "acme", .members, [member("1", email: "a@example.com", role: "manager")],
            at: serverTime(1))

        #expect(changes.updated == 1 && changes.journalRows == 1)
        let row = try #require(try mirror.database.changes(since: head).first)
        #expect(row.operation == .update && row.entity == "members" && row.entityID == "1")
        let expected = json("""
            {"orgRole":{"old":"member","new":"manager"},"role":{"old":"member","new":"manager"}}
            """)
        #expect(try JSONValue(parsing: row.changes) == expected)
        #expect(try mirror.column("SELECT version || role FROM server_members") == ["2manager"])
        #expect(try mirror.column("SELECT role FROM members") == ["manager"])
    }

    @Test func anObjectMissingFromACompleteListingIsDeletedAndJournaled() throws {
        let mirror = try TemporaryMirror()
        try mirror.database.pullAll(
            org: "acme", .projects,
            [project("10", slug: "api"), project("11", slug: "web")], at: serverTime(0))
        let head = try mirror.database.journalSequence

        let (_, removed) = try mirror.database.pullAll(
            org: "acme", .projects, [project("10", slug: "api")], at: serverTime(1))

        #expect(removed == ["11"])
        let rows = try mirror.database.changes(since: head)
        #expect(rows.map(\.operation) == [.delete] && rows.first?.entityID == "11")
        #expect(try JSONValue(parsing: rows[0].changes)["slug"] == .string("web"))
        #expect(try mirror.column("SELECT slug FROM projects") == ["api"])
        #expect(try mirror.count("SELECT count(*) FROM server_projects") == 1)
    }

    @Test func aListingThatNeverCompletesDeletesNothing() throws {
        let mirror = try TemporaryMirror()
        try mirror.database.pullAll(
            org: "acme", .teams, [team("1", slug: "a"), team("2", slug: "b"), team("3", slug: "c")],
            at: serverTime(0))
        let head = try mirror.database.journalSequence

        let listing = try mirror.database.beginListing(org: "acme", resource: .teams, at: serverTime(1))
        _ = try mirror.database.applyServerPage(
            org: "acme", kind: .teams, objects: [team("1", slug: "a")], listing: listing,
            at: serverTime(1))
        try mirror.reopen()  // the pull died before its last page

        #expect(try mirror.count("SELECT count(*) FROM teams") == 3)
        #expect(try mirror.count("SELECT count(*) FROM server_teams") == 3)
        #expect(try mirror.database.journalSequence == head)
        let status = try #require(try mirror.database.status(org: "acme").first)
        #expect(status.resources.first { $0.kind == .teams }?.listingInProgress == true)

        let next = try mirror.database.beginListing(org: "acme", resource: .teams, at: serverTime(2))
        _ = try mirror.database.applyServerPage(
            org: "acme", kind: .teams, objects: [team("1", slug: "a"), team("3", slug: "c")],
            listing: next, at: serverTime(2))
        let removed = try mirror.database.completeListing(
            org: "acme", kind: .teams, listing: next, at: serverTime(2))
        #expect(removed == ["2"])
    }

    @Test func aPageWithAnObjectWithoutIdIsRefusedAndWritesNothing() throws {
        let mirror = try TemporaryMirror()
        let listing = try mirror.database.beginListing(org: "acme", resource: .members, at: serverTime(0))

        let error = #expect(throws: MirrorStoreError.self) {
            try mirror.database.applyServerPage(
                org: "acme", kind: .members,
                objects: [member("1", email: "a@example.com"), json(#"{"email":"x@example.com"}"#)],
                listing: listing, at: serverTime(0))
        }

        #expect(error?.kind == .invalidRecord)
        #expect(error?.message.contains("member without an id") == true)
        #expect(try mirror.count("SELECT count(*) FROM server_members") == 0)
        #expect(try mirror.database.journalSequence == 0)
    }

    @Test func severalOrganizationsLiveSideBySide() throws {
        let mirror = try TemporaryMirror()

        try mirror.database.pullAll(org: "acme", .teams, [team("1", slug: "a")], at: serverTime(0))
        try mirror.database.pullAll(org: "umbrella", .teams, [team("1", slug: "z")], at: serverTime(0))
        try mirror.database.pullAll(org: "acme", .teams, [], at: serverTime(1))

        #expect(try mirror.database.organizations() == ["acme", "umbrella"])
        #expect(try mirror.database.teams(org: "acme").isEmpty)
        #expect(try mirror.database.teams(org: "umbrella").map(\.record.slug) == ["z"])
    }
}
