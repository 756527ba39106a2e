import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
@testable import SentryEmulator

@Suite struct RateLimitTests {
    @Test func overTheLimitGivesSentrys429WithoutRetryAfter() async throws {
        let harness = try EmulatorHarness(options: EmulatorOptions(rateLimitPerSecond: 2))

        // Three requests inside one second must hit the limit; a second boundary
        // may fall between them, so allow a bounded number of tries.
        var limited: (body: Data, response: HTTPURLResponse)?
        for _ in 0..<20 where limited == nil {
            let answer = try await harness.send("GET", "/api/0/organizations/acme/teams/")
            if answer.response.statusCode == 429 { limited = answer }
        }

        let (body, response) = try #require(limited)
        #expect(String(decoding: body, as: UTF8.self) == "\"You are attempting to use this "
            + "endpoint too frequently. Limit is 2 requests in 1 seconds\"")
        #expect(response.value(forHTTPHeaderField: "Content-Type") == "text/html; charset=utf-8")
        #expect(response.value(forHTTPHeaderField: "Retry-After") == nil)
        #expect(response.value(forHTTPHeaderField: "X-Sentry-Rate-Limit-Remaining") == "0")
        #expect(response.value(forHTTPHeaderField: "X-Sentry-Rate-Limit-Limit") == "2")
        #expect(response.value(forHTTPHeaderField: "X-Sentry-Rate-Limit-ConcurrentLimit") != nil)
        let reset = try #require(
            response.value(forHTTPHeaderField: "X-Sentry-Rate-Limit-Reset").flatMap { Int($0) })
        let now = Int(harness.server.state.now.timeIntervalSince1970)
        #expect((now - 1...now + 1).contains(reset))
    }

    @Test func selfHostedModeSendsNoRateLimitHeaders() async throws {
        let harness = try EmulatorHarness()

        let (_, response) = try await harness.send("GET", "/api/0/organizations/acme/teams/")

        #expect(response.statusCode == 200)
        #expect(response.value(forHTTPHeaderField: "X-Sentry-Rate-Limit-Limit") == nil)
    }
}
