import Foundation
import SentryEmulator
import Testing

/// The write, `pending` and `push` commands of the built binary: offline
/// writes, exit codes, and what the user is told.
struct PushCommandTests {
    /// The issue's five writes, against the fixture organization.
    private static let fiveWrites: [[String]] = [
        ["members", "add", "new.person@example.com", "--role", "member", "--team", "backend"],
        ["projects", "create", "Billing API", "--team", "backend", "--platform", "python"],
        ["projects", "update", "billing-api", "--name", "Billing"],
        ["projects", "delete", "legacy-app"],
        ["members", "remove", "old.person@example.com"],
    ]

    /// An emulator serving `Fixtures/acme.json` with one owner token.
    private static func fixtureServer(token: String) throws -> SentryEmulatorServer {
        let server = SentryEmulatorServer(
            state: try EmulatorState.fixture(contentsOf: pushFixtureURL),
            options: EmulatorOptions(tokens: [EmulatorToken(value: token)])
        )
        try server.start()
        return server
    }

    @Test func writesSucceedOfflineAndPushFailsClearlyUntilSentryIsBack() throws {
        let folder = try TemporaryFolder()
        let token = "offline-" + UUID().uuidString
        let first = try Self.fixtureServer(token: token)
        var cli = PushCLI(
            database: folder.path("m.sqlite"), url: first.baseURL.absoluteString, token: token
        )
        try cli.succeed(["pull"])
        first.stop()  // nothing listens on its port any more

        for command in Self.fiveWrites {
            let result = try cli.run(command)
            #expect(result.status == 0, "\(command): \(result)")
            #expect(result.stdout.contains("Queued #"), "\(result)")
        }
        let table = try cli.succeed(["pending", "list"])
        let queued = try cli.pending()
        let offline = try cli.run(["push"])
        let after = try cli.pending()

        #expect(queued.count == 5)
        #expect(queued.compactMap { $0["kind"] as? String } == [
            "member.add", "project.create", "project.update", "project.delete", "member.remove",
        ])
        #expect(queued.allSatisfy { $0["state"] as? String == "queued" })
        #expect(table.stdout.split(separator: "\n").count == 6, "\(table)")  // header + 5
        #expect(offline.status == 1, "\(offline)")
        #expect(offline.stdout.contains("Could not reach Sentry"), "\(offline)")
        #expect(offline.stdout.contains("could not connect"), "\(offline)")
        #expect(offline.stderr.contains("run push again"), "\(offline)")
        #expect(!offline.stdout.contains(token) && !offline.stderr.contains(token))
        #expect(after.count == 5)
        #expect(after.allSatisfy { $0["state"] as? String == "queued" })
        // Each was tried or skipped once Sentry proved unreachable; the update
        // of the project not yet created waits behind its creation.
        let errors = after.compactMap { $0["lastError"] as? String }
        #expect(errors.count == 4 && errors.first?.contains("Could not reach Sentry") == true)
        #expect(errors.dropFirst().allSatisfy { $0.contains("Sentry could not be reached") })

        // The same organization again, on a new port: everything goes through.
        let second = try Self.fixtureServer(token: token)
        defer { second.stop() }
        cli.url = second.baseURL.absoluteString
        let push = try cli.run(["push"])

        #expect(push.status == 0, "\(push)")
        #expect(try cli.pending().isEmpty)
        let listing = String(decoding: second.state.canonicalJSON(), as: UTF8.self)
        #expect(listing.contains("new.person@example.com"))
        #expect(!listing.contains("old.person@example.com"))
        #expect(listing.contains("\"billing-api\""))
        #expect(!listing.contains("\"legacy-app\""))
        let events = second.state.auditEntries().map(\.event).sorted()
        #expect(events == [
            "member.invite", "member.remove", "project.create", "project.edit", "project.remove",
        ])
    }

    /// (A 429 is covered in process: without rate-limit headers the CLI's
    /// own policy backs off for tens of seconds before it gives up.)
    @Test(arguments: [503])
    func aTemporaryErrorExitsOneAndKeepsTheMutationForTheNextPush(status: Int) throws {
        let folder = try TemporaryFolder()
        let token = "transient-" + UUID().uuidString
        let server = try Self.fixtureServer(token: token)
        defer { server.stop() }
        let cli = PushCLI(
            database: folder.path("m.sqlite"), url: server.baseURL.absoluteString, token: token
        )
        try cli.succeed(["pull"])
        try cli.succeed(["projects", "create", "Billing API", "--team", "backend"])
        server.addFault(EmulatorFault(
            method: "POST", path: "/api/0/teams/{org}/{team}/projects/", action: .status(status),
            times: nil
        ))

        let failing = try cli.run(["push"])
        let kept = try cli.pending()
        server.clearFaults()
        let later = try cli.run(["push"])

        #expect(failing.status == 1, "\(failing)")
        #expect(failing.stdout.contains("still queued"), "\(failing)")
        #expect(failing.stdout.contains(String(status)), "\(failing)")
        #expect(kept.count == 1)
        #expect(kept.first?["state"] as? String == "queued")
        #expect((kept.first?["attempts"] as? NSNumber)?.intValue == 1)
        #expect((kept.first?["lastError"] as? String)?.contains(String(status)) == true)
        #expect(later.status == 0, "\(later)")
        #expect(try cli.pending().isEmpty)
        #expect(server.state.auditEntries().map(\.event) == ["project.create"])
    }

    @Test func aRefusedMutationExitsOneAndPendingListKeepsSentrysMessage() throws {
        let folder = try TemporaryFolder()
        let token = "refused-" + UUID().uuidString
        let server = try Self.fixtureServer(token: token)
        defer { server.stop() }
        let cli = PushCLI(
            database: folder.path("m.sqlite"), url: server.baseURL.absoluteString, token: token
        )
        try cli.succeed(["pull"])
        try cli.succeed(["members", "add", "dup@example.com"])
        try server.state.apply(.addMember(email: "dup@example.com"))

        let push = try cli.run(["push"])
        let table = try cli.succeed(["pending", "list"])
        let members = try cli.succeed(["members", "list"])

        #expect(push.status == 1, "\(push)")
        #expect(push.stdout.contains("failed"), "\(push)")
        #expect(table.stdout.contains("failed"), "\(table)")
        #expect(table.stdout.contains("The user dup@example.com has already been invited"),
                "\(table)")
        #expect(!members.stdout.contains("dup@example.com"), "withdrawn: \(members)")
    }
}
