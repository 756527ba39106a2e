import Foundation
import MirrorJSON
import SentryAPI
import SentryEmulator
import Testing

/// The client against the emulator on 127.0.0.1, through the live transport.
struct EmulatorEndToEndTests {
    private static let token = "e2e-token-\(UUID().uuidString)"

    private func startEmulator(
        members: Int = 250,
        rateLimit: Int? = nil
    ) throws -> SentryEmulatorServer {
        let server = SentryEmulatorServer(
            state: .generated(org: "acme", teams: 4, members: members, projects: 7),
            options: EmulatorOptions(
                rateLimitPerSecond: rateLimit, tokens: [EmulatorToken(value: Self.token)]
            )
        )
        try server.start()
        return server
    }

    private func client(
        for server: SentryEmulatorServer,
        token: String = EmulatorEndToEndTests.token,
        sleeper: SleepRecorder? = nil
    ) throws -> SentryClient {
        let configuration = try SentryConfiguration(
            baseURL: server.baseURL.absoluteString, organization: "acme", token: AuthToken(token)
        )
        let retry = RetryPolicy(random: { 0 })
        guard let sleeper else {
            return SentryClient(configuration: configuration, retryPolicy: retry)
        }
        let record = sleeper.sleep
        return SentryClient(configuration: configuration, retryPolicy: retry, sleep: { delay in
            try await record(delay)
            try await Task.sleep(for: delay)
        })
    }

    @Test func membersArriveInAsManyRequestsAsTheyHavePages() async throws {
        let server = try startEmulator(members: 250)
        defer { server.stop() }
        let client = try client(for: server)

        var ids = Set<String>()
        var pages = 0
        for try await page in client.pages(.members("acme")) {
            ids.formUnion(page.items.compactMap { $0["id"]?.stringValue })
            pages += 1
        }

        #expect(ids.count == 250)
        #expect(pages == 3)
        #expect(server.totalRequests == 3)
        #expect(client.requestCount == 3)
    }

    @Test func theIndexReportsTheTokensScopesAndTheClockIsLearned() async throws {
        let server = try startEmulator(members: 3)
        defer { server.stop() }
        server.state.clockOffsetSeconds = 3_600
        let client = try client(for: server)

        let index = try await client.send(.index()).json()

        let scopes = index["auth"]?["scopes"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(scopes.contains("member:admin"))
        // The estimate is only as sharp as the round trip (and the header's
        // whole seconds) allow, which a loaded machine stretches.
        let offset = try #require(client.clock.offset)
        let uncertainty = try #require(client.clock.uncertainty)
        #expect(abs(offset - 3_600) <= uncertainty + 0.001)
        #expect(uncertainty < 30)
    }

    @Test func aWrongTokenIsUnauthorizedAndNotEchoed() async throws {
        let server = try startEmulator(members: 3)
        defer { server.stop() }
        let wrong = "wrong-\(UUID().uuidString)"
        let client = try client(for: server, token: wrong)

        let error = await #expect(throws: SentryError.self) {
            try await client.send(.members("acme"))
        }

        if case .unauthorized? = error {} else { Issue.record("expected 401, got \(String(describing: error))") }
        #expect(error?.description.contains(wrong) == false)
    }

    @Test func anUnknownOrganizationIsNamed() async throws {
        let server = try startEmulator(members: 3)
        defer { server.stop() }
        let client = try client(for: server)

        let error = await #expect(throws: SentryError.self) {
            try await client.send(.teams("no-such-org"))
        }

        #expect(error?.description.contains("organization 'no-such-org'") == true)
    }

    @Test func serverErrorsAreRetried() async throws {
        let server = try startEmulator(members: 3)
        defer { server.stop() }
        server.addFault(EmulatorFault(
            path: "/api/0/organizations/{org}/teams/", action: .status(503), times: 2
        ))
        let sleeper = SleepRecorder()
        let client = try client(for: server, sleeper: sleeper)

        let response = try await client.send(.teams("acme"))

        #expect(response.status == 200)
        #expect(response.attempts == 3)
        #expect(sleeper.recorded.count == 2)
    }

    @Test func aRateLimitIsWaitedOutAsTheHeadersSay() async throws {
        let server = try startEmulator(members: 250, rateLimit: 1)
        defer { server.stop() }
        let sleeper = SleepRecorder(sleepsForReal: true)
        let client = try client(for: server, sleeper: sleeper)

        // One request a second: two in a row meet a 429 unless a window ends
        // between them, which a slow machine may see now and then; so try a few.
        var count = 0
        for _ in 0..<10 where sleeper.recorded.isEmpty {
            count = 0
            for try await page in client.pages(.members("acme")) { count += page.items.count }
        }

        #expect(count == 250)
        #expect(!sleeper.recorded.isEmpty)
        #expect(sleeper.recorded.allSatisfy { $0 <= .seconds(2) })
    }
}
