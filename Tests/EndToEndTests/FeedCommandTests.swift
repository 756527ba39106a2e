import Foundation
import SentryEmulator
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `api`, `changes` and `pull`'s summary through the built binary.
extension SnapshotAndFeedTests {
    // MARK: - api

    @Test(arguments: [
        "https://sentry.example.com/api/0/organizations/",
        "/api/1/organizations/",
        "organizations/../../_emulator/stats",
    ])
    func apiRefusesAPathOutsideTheAPIOrOnAnotherHostWithoutPrintingTheToken(path: String) throws {
        let setup = try PulledMirror(members: 5, projects: 1, teams: 1)
        let before = setup.server.totalRequests

        let result = try api([path], setup)

        #expect(result.status == 2, "\(result)")
        #expect(result.stderr.contains("/api/0/"), "should say what is allowed: \(result)")
        #expect(!result.stdout.contains(setup.token) && !result.stderr.contains(setup.token))
        #expect(setup.server.totalRequests == before, "a refused path must send nothing")
    }

    @Test func apiExitsOneWithSentrysDetailOnA404() throws {
        let setup = try PulledMirror(members: 5, projects: 1, teams: 1)

        let result = try api(["organizations/{org}/projects/no-such-project/"], setup)

        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("404"), "\(result)")
        #expect(result.stderr.contains("The requested resource does not exist"), "\(result)")
    }

    @Test func apiExitsOneWithSentrysValidationMessageOnA400() throws {
        let setup = try PulledMirror(members: 5, projects: 1, teams: 1)
        let email = "refused-\(UUID().uuidString.prefix(8))@example.com"

        let result = try api(
            ["-X", "POST", "organizations/{org}/members/", "-f", "email=\(email)",
             "-f", "orgRole=admin"],
            setup
        )

        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("400"), "\(result)")
        #expect(result.stderr.contains("may no longer be assigned."), "\(result)")
        #expect(!result.stderr.contains(".."), "one full stop is enough: \(result)")
        #expect(serverMember(email: email, setup) == nil)
    }

    @Test func apiWithFieldsPostsAnInviteTheServerKeeps() throws {
        let setup = try PulledMirror(members: 5, projects: 1, teams: 1)
        let email = "field-invite-\(UUID().uuidString.prefix(8))@example.com"

        let result = try api(
            ["-X", "POST", "organizations/{org}/members/", "-f", "email=\(email)",
             "-f", "orgRole=member"],
            setup
        )

        #expect(result.status == 0, "\(result)")
        let created = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        )
        #expect(created["email"] as? String == email)
        let member = try #require(serverMember(email: email, setup))
        #expect(member["orgRole"] as? String == "member")
        #expect(member["id"] as? String == created["id"] as? String)
    }

    @Test func apiInputSendsTheFileAsAJSONBody() throws {
        let setup = try PulledMirror(members: 5, projects: 1, teams: 2)
        let team = try #require(
            try rows("select slug from teams order by slug", in: setup.databasePath)
                .first?["slug"] as? String
        )
        let email = "input-invite-\(UUID().uuidString.prefix(8))@example.com"
        let body = setup.folder.path("body.json")
        try SnapshotFiles.write(Data("""
            {"email": "\(email)", "orgRole": "manager", "teams": ["\(team)"]}
            """.utf8), to: body)

        let result = try api(["organizations/{org}/members/", "--input", body], setup)

        #expect(result.status == 0, "\(result)")
        let member = try #require(serverMember(email: email, setup), "\(result)")
        #expect(member["orgRole"] as? String == "manager")
        let id = try #require(member["id"] as? String)
        let detail = try api(["organizations/{org}/members/\(id)/"], setup)
        let object = try JSONSerialization.jsonObject(with: Data(detail.stdout.utf8))
        let teams = (object as? [String: Any])?["teams"] as? [String]
        #expect(teams == [team], "a JSON array must arrive as an array: \(detail)")
    }

    @Test func apiIncludePrintsTheStatusLineAndTheLinkHeader() throws {
        let setup = try PulledMirror(members: 150, projects: 1, teams: 1)

        let result = try api(["--include", "organizations/{org}/members/"], setup)

        #expect(result.status == 0, "\(result)")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "HTTP 200", "\(result)")
        let link = lines.first { $0.lowercased().hasPrefix("link: ") }
        #expect(link?.contains("rel=\"next\"") == true, "\(result)")
        let blank = try #require(lines.firstIndex(of: ""), "no blank line after the headers")
        let body = lines[(blank + 1)...].joined(separator: "\n")
        let page = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [Any]
        #expect(page?.count == 100, "the body after the headers: \(body.prefix(200))")
    }

    // MARK: - changes

    @Test func changesFiltersByEntityAndLimitAfterASequenceNumber() throws {
        let setup = try PulledMirror(members: 30, projects: 4, teams: 2)
        let memberSeqs = try rows(
            "select seq from journal where entity = 'members' order by seq", in: setup.databasePath
        ).compactMap { ($0["seq"] as? NSNumber)?.intValue }
        try #require(memberSeqs.count == 30)
        let since = memberSeqs[9]

        let result = try Binary.run(
            ["--db", setup.databasePath, "changes", "--since", "\(since)", "--entity", "members",
             "--limit", "2"]
        )

        #expect(result.status == 0, "\(result)")
        let lines = try jsonLines(result.stdout)
        #expect(lines.count == 2, "\(result)")
        #expect(lines.allSatisfy { $0["entity"] as? String == "members" })
        let seqs = lines.compactMap { ($0["seq"] as? NSNumber)?.intValue }
        #expect(seqs == Array(memberSeqs[10...11]))
        #expect(seqs.allSatisfy { $0 > since })
    }

    @Test func changesWithAnUnknownEntityIsAUsageError() throws {
        let setup = try PulledMirror(members: 5, projects: 1, teams: 1)

        let result = try Binary.run(
            ["--db", setup.databasePath, "changes", "--entity", "bogus"]
        )

        #expect(result.status == 2, "\(result)")
        #expect(result.stderr.contains("bogus") && result.stderr.contains("members"), "\(result)")
        #expect(result.stdout.isEmpty, "\(result)")
    }

    @Test func changesFollowPrintsAServerSideChangeAndStopsCleanlyOnSIGINT() async throws {
        let emulator = try FeedEmulatorProcess(["--members", "20", "--projects", "3"])
        let folder = try TemporaryFolder()
        let database = folder.path("follow.sqlite")
        try #require(try emulator.run(["pull"], database: database).status == 0)
        let head = try count("select count(*) as n from journal", in: database)
        let member = try #require(
            try rows("select id from members where pending = 0 order by id", in: database)
                .first?["id"] as? String
        )
        _ = try await emulator.admin("POST", "/_emulator/reset")
        let follower = try Subprocess(
            arguments: emulator.options(database: database)
                + ["changes", "--since", "\(head)", "--follow", "--interval", "1"],
            environment: emulator.environment
        )
        defer { follower.kill() }
        // The first round has ended once the second one asks for the member listing.
        let pulledOnce = try await waitForMemberListings(atLeast: 2, emulator)
        #expect(pulledOnce, "the follower never pulled: \(follower.stderr)")
        #expect(follower.stdout.isEmpty, "nothing changed yet: \(follower.stdout)")

        let newName = "Followed \(UUID().uuidString.prefix(6))"
        try await emulator.mutate(["op": "rename_member", "id": member, "name": newName])
        let appeared = follower.waitUntil(timeout: 30) {
            follower.stdout.contains(newName) || follower.status >= 0
        }

        #expect(appeared && follower.status == -1, "no line within 30 s: \(follower.stderr)")
        let lines = try jsonLines(follower.stdout)
        #expect(lines.count == 1, "\(follower.stdout)")
        #expect(lines.first?["entity"] as? String == "members")
        #expect(lines.first?["id"] as? String == member)
        #expect(((lines.first?["seq"] as? NSNumber)?.intValue ?? 0) > head)

        #expect(FeedSignals.send(SIGINT, toChildWithArgument: database) == 1)
        let stopped = follower.waitForExit(timeout: 10)
        #expect(stopped, "still running 10 s after SIGINT")
        #expect(follower.status == 0, "\(follower.stderr)")
    }

    @Test func changesFollowStopsOnSIGINTEvenInTheMiddleOfASlowPull() async throws {
        // Each request takes 1.5 s, so the first pull needs far more than the
        // 5 s allowed below; only stopping the pull itself meets the bound.
        let emulator = try FeedEmulatorProcess(
            ["--members", "400", "--projects", "3", "--teams", "4", "--latency-ms", "1500"]
        )
        let folder = try TemporaryFolder()
        let database = folder.path("slow.sqlite")
        let follower = try Subprocess(
            arguments: emulator.options(database: database)
                + ["changes", "--follow", "--interval", "1"],
            environment: emulator.environment
        )
        defer { follower.kill() }
        let pulling = try await waitForMemberListings(atLeast: 1, emulator)
        try #require(pulling, "the follower never started pulling: \(follower.stderr)")
        try #require(follower.status == -1, "\(follower.stderr)")

        #expect(FeedSignals.send(SIGINT, toChildWithArgument: database) == 1)
        let stopped = follower.waitForExit(timeout: 5)

        #expect(stopped, "still pulling 5 s after SIGINT")
        #expect(follower.status == 0, "\(follower.stderr)")
        // What the interrupted pull wrote is a consistent mirror a later pull completes.
        let pull = try emulator.run(["pull"], database: database)
        #expect(pull.status == 0, "\(pull)")
        #expect(try count("select count(*) as n from members", in: database) == 400)
    }

    // MARK: - pull summary

    @Test func pullPrintsOneSummaryLineAndASecondPullSaysNothingNew() throws {
        let folder = try TemporaryFolder()
        let token = "summary-" + UUID().uuidString
        let environment = Binary.environment(["SENTRY_AUTH_TOKEN": token])
        let server = SentryEmulatorServer(
            state: .generated(org: "acme", teams: 4, members: 70, projects: 9),
            options: EmulatorOptions(tokens: [EmulatorToken(value: token)])
        )
        try server.start()
        defer { server.stop() }
        let arguments = ["--db", folder.path("m.sqlite"), "--url", server.baseURL.absoluteString,
                         "--org", "acme", "pull"]

        let first = try Binary.run(arguments, environment: environment)
        let second = try Binary.run(arguments, environment: environment)
        try server.state.apply(.renameMember(id: Int(try firstMemberID(folder))!, name: "Pat"))
        try server.state.apply(.addProject(slug: "brand-new", platform: "go", teams: []))
        let third = try Binary.run(arguments, environment: environment)

        for result in [first, second, third] {
            #expect(result.status == 0, "\(result)")
            #expect(result.stdout.split(separator: "\n").count == 1, "one line: \(result)")
        }
        #expect(first.stdout.contains("teams +4 ~0 -0"), "\(first)")
        #expect(first.stdout.contains("members +70 ~0 -0"), "\(first)")
        #expect(first.stdout.contains("projects +9 ~0 -0"), "\(first)")
        #expect(!first.stdout.contains("nothing new"), "\(first)")
        #expect(second.stdout.contains("nothing new"), "\(second)")
        #expect(second.stdout.contains("members +0 ~0 -0"), "\(second)")
        #expect(second.stdout.contains("projects +0 ~0 -0"), "\(second)")
        #expect(third.stdout.contains("members +0 ~1 -0"), "\(third)")
        #expect(third.stdout.contains("projects +1 ~0 -0"), "\(third)")
    }

    // MARK: - Helpers

    private func api(_ arguments: [String], _ setup: PulledMirror) throws -> Binary.Result {
        try Binary.run(
            ["--db", setup.databasePath, "--url", setup.server.baseURL.absoluteString,
             "--org", "acme", "api"] + arguments,
            environment: setup.environment
        )
    }

    /// The emulator's own record of the member with `email`, as its listing renders it.
    private func serverMember(email: String, _ setup: PulledMirror) -> [String: Any]? {
        let data = setup.server.state.canonicalJSON()
        let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        let members = object?["members"] as? [[String: Any]] ?? []
        return members.first { $0["email"] as? String == email }
    }

    private func firstMemberID(_ folder: TemporaryFolder) throws -> String {
        let id = try rows(
            "select id from members where pending = 0 order by id", in: folder.path("m.sqlite")
        ).first?["id"] as? String
        guard let id else { throw E2EError("no accepted member in the mirror") }
        return id
    }

    /// Polls the emulator's stats (at most 30 s) until the organization's
    /// member listing was requested `count` times since the last reset.
    private func waitForMemberListings(
        atLeast count: Int, _ emulator: FeedEmulatorProcess
    ) async throws -> Bool {
        let route = "GET /api/0/organizations/{org}/members/"
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let stats = try await emulator.admin("GET", "/_emulator/stats")
            let requests = stats["requests"] as? [String: Any] ?? [:]
            if ((requests[route] as? NSNumber)?.intValue ?? 0) >= count { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }
}
