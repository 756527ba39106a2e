import MirrorJSON
import Testing
@testable import MirrorStore

/// Inputs Sentry would refuse at push time are refused when they are written.
struct LocalWriteValidationTests {
    @Test func anUpdateThatRepeatsTheCurrentValuesIsRefusedAndQueuesNothing() throws {
        let mirror = try TemporaryMirror()
        try mirror.pullFixture()
        let db = mirror.database
        let api = try #require(try db.lookupProject(org: "acme", idOrSlug: "api"))
        let head = try db.journalSequence

        let error = #expect(throws: LocalWriteError.self) {
            try db.updateProject(
                org: "acme", idOrSlug: "api", name: api.name, slug: api.slug,
                platform: api.platform, madeAt: serverTime(10))
        }

        #expect(error == .unchanged(project: "api", fields: ["name", "slug", "platform"]))
        #expect(error.map { "\($0)" } == "project api already has that name, slug and platform; "
            + "nothing to change")
        #expect(try db.pendingMutations().isEmpty)
        #expect(try db.journalSequence == head)
    }

    @Test func anUpdateSendsOnlyTheFieldsThatDifferFromTheLocalView() throws {
        let mirror = try TemporaryMirror()
        try mirror.pullFixture()
        let api = try #require(try mirror.database.lookupProject(org: "acme", idOrSlug: "api"))

        let mutation = try mirror.database.updateProject(
            org: "acme", idOrSlug: "api", name: api.name, platform: "node",
            madeAt: serverTime(10))

        #expect(api.platform != "node")
        #expect(mutation.payload == json(#"{"platform":"node"}"#))
    }

    @Test func anEmailLongerThanSentrysLimitIsRefusedWithTheLimit() throws {
        let mirror = try TemporaryMirror()
        try mirror.pullFixture()
        let domain = "@example.com"
        let longest = String(repeating: "a", count: 75 - domain.count) + domain
        let tooLong = "b" + longest

        let error = #expect(throws: LocalWriteError.self) {
            try mirror.database.addMember(org: "acme", email: tooLong, madeAt: serverTime(10))
        }
        try mirror.database.addMember(org: "acme", email: longest, madeAt: serverTime(11))

        #expect(error == .emailTooLong(tooLong))
        #expect(error.map { "\($0)" }?.contains("at most 75 characters") == true)
        #expect(try mirror.database.pendingMutations().map(\.payload["email"]) == [
            .string(longest),
        ])
    }

    @Test func projectNamesWithLineBreaksTabsOrControlCharactersAreRefused() throws {
        let mirror = try TemporaryMirror()
        try mirror.pullFixture()
        let db = mirror.database
        let t = serverTime(10)

        for name in ["Two\nLines", "Tab\tbed", "Bell\u{7}", "Return\r"] {
            let created = #expect(throws: LocalWriteError.self) {
                try db.createProject(org: "acme", name: name, slug: "new", teamSlug: "web", madeAt: t)
            }
            let updated = #expect(throws: LocalWriteError.self) {
                try db.updateProject(org: "acme", idOrSlug: "api", name: name, madeAt: t)
            }
            #expect(created == .nameHasControlCharacters(name))
            #expect(updated == .nameHasControlCharacters(name))
        }
        let message = "\(LocalWriteError.nameHasControlCharacters("Two\nLines"))"
        #expect(message.contains("cannot contain line breaks or tabs"))
        #expect(!message.contains("\n"))
        #expect(try db.pendingMutations().isEmpty)
    }

    @Test func aNameWithNoASCIILettersOrDigitsAsksForAnExplicitSlug() throws {
        let mirror = try TemporaryMirror()
        try mirror.pullFixture()
        let db = mirror.database
        let t = serverTime(10)

        for name in ["名前", "!!!", "- _ -"] {
            let error = #expect(throws: LocalWriteError.self) {
                try db.createProject(org: "acme", name: name, teamSlug: "web", madeAt: t)
            }
            #expect(error == .cannotMakeSlug(name))
            #expect(error.map { "\($0)" }?.contains("pass --slug") == true)
        }
        let mutation = try db.createProject(
            org: "acme", name: "名前", slug: "namae", teamSlug: "web", madeAt: t)
        #expect(mutation.payload["slug"] == .string("namae"))
    }

    @Test func generatedSlugsNeitherStartNorEndWithADashEvenWhenCut() throws {
        let cutAtASpace = String(repeating: "a", count: 49) + " tail"
        let longNumber = String(repeating: "7", count: 60)

        let slugs = [cutAtASpace, longNumber, "--Hello--  World--", "_x_"].map {
            MirrorDatabase.slug(from: $0)
        }

        #expect(slugs[0] == String(repeating: "a", count: 49))
        #expect(slugs[1] == "project-" + String(repeating: "7", count: 42))
        #expect(slugs[2] == "hello-world")
        #expect(slugs[3] == "_x_")
        for slug in slugs {
            let slug = try #require(slug)
            #expect(MirrorDatabase.isSlug(slug), "\(slug)")
            #expect(!slug.hasPrefix("-") && !slug.hasSuffix("-") && !slug.contains("--"))
        }
    }
}
