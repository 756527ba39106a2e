import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import MirrorJSON
import SentryAPI
import Testing

struct SentryClientTests {
    @Test func requestsCarryAuthAcceptUserAgentAndJSONBodies() async throws {
        let transport = StubTransport([reply(201, #"{"id": "7"}"#)])
        let client = try makeClient(transport)

        _ = try await client.send(.addMember("acme", body: .object(["email": .string("a@b.c")])))

        let request = try #require(transport.requests.first)
        #expect(request.method == .post)
        #expect(request.url.absoluteString == "https://sentry.example.com/api/0/organizations/acme/members/")
        #expect(request.headers["authorization"] == "Bearer \(secretToken)")
        #expect(request.headers["Accept"] == "application/json")
        #expect(request.headers["User-Agent"] == "sentry-mirror/0.1")
        #expect(request.headers["Content-Type"] == "application/json")
        #expect(request.body == Data(#"{"email":"a@b.c"}"#.utf8))
    }

    @Test func pathSegmentsArePercentEncoded() async throws {
        let transport = StubTransport([reply(200)])
        let client = try makeClient(transport)

        _ = try await client.send(.project("acme", idOrSlug: "a/b c"))

        #expect(transport.requests.first?.url.absoluteString
            == "https://sentry.example.com/api/0/projects/acme/a%2Fb%20c/")
    }

    @Test func serverErrorsAreRetriedThenReportedWithTheStatus() async throws {
        let transport = StubTransport(Array(repeating: reply(502, "<html><title>Bad Gateway</title></html>"), count: 5))
        let sleeper = SleepRecorder()
        let client = try makeClient(transport, sleeper: sleeper)

        let error = await #expect(throws: SentryError.self) {
            try await client.send(.members("acme"))
        }

        #expect(transport.requests.count == 5)
        #expect(sleeper.recorded.count == 4)
        #expect(error == .server(status: 502, detail: "Bad Gateway", attempts: 5))
        #expect(error?.description.contains("502") == true)
    }

    @Test func aServerErrorFollowedBySuccessSucceeds() async throws {
        let transport = StubTransport([.failure(.networkConnectionLost), reply(500), reply(200, "[]")])
        let client = try makeClient(transport)

        let response = try await client.send(.teams("acme"))

        #expect(response.status == 200)
        #expect(response.attempts == 3)
        #expect(client.requestCount == 3)
    }

    @Test func rateLimitIsWaitedOutAsTheHeadersSayNotByTheLocalClock() async throws {
        // The server's Date is a year away from the local clock: only Reset - Date counts.
        let limited = reply(
            429, #""You are attempting to use this endpoint too frequently. Limit is 40 requests in 1 seconds""#,
            headers: [("X-Sentry-Rate-Limit-Reset", "1772359202"), ("X-Sentry-Rate-Limit-Remaining", "0")],
            date: "Sun, 01 Mar 2026 10:00:00 GMT"
        )
        let transport = StubTransport([limited, reply(200, "[]")])
        let sleeper = SleepRecorder()
        let client = try makeClient(transport, sleeper: sleeper, random: 0)

        _ = try await client.send(.members("acme"))

        #expect(sleeper.recorded == [.milliseconds(2100)])
    }

    @Test func persistentRateLimitFailsWithSentrysMessage() async throws {
        let limited = reply(429, #""Limit is 40 requests in 1 seconds""#, headers: [("Retry-After", "1")])
        let transport = StubTransport(Array(repeating: limited, count: 11))
        let client = try makeClient(transport)

        let error = await #expect(throws: SentryError.self) {
            try await client.send(.members("acme"))
        }

        #expect(transport.requests.count == 11)
        #expect(error == .rateLimited(
            detail: "Limit is 40 requests in 1 seconds", reason: "still limited after 10 waits"
        ))
    }

    @Test func unauthorizedSaysTheTokenIsBadAndNeverShowsIt() async throws {
        let body = #"{"detail": "Invalid token \#(secretToken)"}"#
        let transport = StubTransport([reply(401, body)])
        let client = try makeClient(transport)

        let error = await #expect(throws: SentryError.self) {
            try await client.send(.organization("acme"))
        }

        let message = try #require(error?.description)
        #expect(message.contains("401"))
        #expect(message.contains("auth-tokens"))
        #expect(!message.contains(secretToken))
        #expect(!String(reflecting: error as Any).contains(secretToken))
    }

    @Test func forbiddenNamesTheScopesTheCallNeeds() async throws {
        let body = #"{"detail": "You do not have permission to perform this action."}"#
        let transport = StubTransport([reply(403, body)])
        let client = try makeClient(transport)

        let error = await #expect(throws: SentryError.self) {
            try await client.send(.members("acme"))
        }

        let message = try #require(error?.description)
        #expect(message.contains("member:read, member:write, member:admin"))
        #expect(message.contains("You do not have permission"))
        #expect(!message.contains(secretToken))
    }

    @Test func notFoundNamesWhatIsMissing() async throws {
        let transport = StubTransport([reply(404, #"{"detail": "The requested resource does not exist"}"#)])
        let client = try makeClient(transport)

        let error = await #expect(throws: SentryError.self) {
            try await client.send(.teams("nope"))
        }

        #expect(error == .notFound(resource: "organization 'nope'", detail: "The requested resource does not exist"))
    }

    @Test func acceptedStatusesAreReturnedInsteadOfThrown() async throws {
        let transport = StubTransport([reply(404, #"{"detail": "The requested resource does not exist"}"#)])
        let client = try makeClient(transport)

        let response = try await client.send(.removeMember("acme", id: "5"), acceptStatuses: [404])

        #expect(response.status == 404)
    }

    @Test func fieldErrorsAreRenderedReadably() async throws {
        let body = #"{"email": ["The user x@y.z is already a member"], "teams": "Invalid teams"}"#
        let transport = StubTransport([reply(400, body)])
        let client = try makeClient(transport)

        let error = await #expect(throws: SentryError.self) {
            try await client.send(.addMember("acme", body: .object([:])))
        }

        #expect(error?.detail == "email: The user x@y.z is already a member\nteams: Invalid teams")
        #expect(error?.status == 400)
    }

    @Test func redirectsAreReportedNotFollowed() async throws {
        let body = #"{"slug": "new-slug", "detail": {"code": "resource-moved", "message": "Resource has been moved"}}"#
        let transport = StubTransport([reply(302, body, headers: [("Location", "/api/0/projects/acme/new-slug/")])])
        let client = try makeClient(transport)

        let error = await #expect(throws: SentryError.self) {
            try await client.send(.updateProject("acme", id: "old-slug", body: .object([:])))
        }

        #expect(error == .redirected(status: 302, location: "/api/0/projects/acme/new-slug/", slug: "new-slug"))
        #expect(transport.requests.count == 1)
    }

    @Test func dateHeadersFeedTheServerClock() async throws {
        let transport = StubTransport([reply(200, date: "Sun, 01 Mar 2026 10:00:00 GMT")])
        let client = try makeClient(transport)

        _ = try await client.send(.index())

        let serverNow = client.clock.now().timeIntervalSince1970
        #expect(abs(serverNow - 1_772_359_200.5) < 5)
    }
}
