import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import SentryAPI
import Testing

struct RetryPolicyTests {
    private func policy(random: Double = 0) -> RetryPolicy {
        RetryPolicy(random: { random })
    }

    @Test func successAndClientErrorsAreDelivered() {
        var state = RetryPolicy.State()

        for status in [200, 201, 204, 302, 400, 401, 403, 404, 409] {
            let decision = policy().decide(
                .response(status: status, headers: [:]), method: .get, state: &state
            )
            #expect(decision == .deliver, "status \(status)")
        }
        #expect(state == RetryPolicy.State())
    }

    @Test func backoffDoublesUpToTheCapWithJitterFromTheRandomSource() {
        let low = policy(random: 0)
        let high = policy(random: 0.999_999)

        #expect(low.backoffDelay(afterAttempt: 1) == .milliseconds(125))
        #expect(low.backoffDelay(afterAttempt: 2) == .milliseconds(250))
        #expect(low.backoffDelay(afterAttempt: 3) == .milliseconds(500))
        #expect(low.backoffDelay(afterAttempt: 20) == .seconds(4))
        #expect(high.backoffDelay(afterAttempt: 1) > .milliseconds(249))
        #expect(high.backoffDelay(afterAttempt: 20) <= .seconds(8))
    }

    @Test func serverErrorsAreRetriedUntilTheLastAttempt() {
        let policy = policy()
        var state = RetryPolicy.State()
        var decisions: [RetryPolicy.Decision] = []

        for _ in 0..<5 {
            decisions.append(policy.decide(
                .response(status: 503, headers: [:]), method: .get, state: &state
            ))
        }

        #expect(decisions.prefix(4).allSatisfy { if case .retry = $0 { true } else { false } })
        #expect(decisions.last == .giveUp(reason: "gave up after 5 attempts"))
        #expect(state.attempts == 5)
    }

    @Test func networkErrorsAreRetriedForIdempotentMethods() {
        var state = RetryPolicy.State()

        let decision = policy().decide(
            .failure(code: .timedOut, message: "timed out"), method: .delete, state: &state
        )

        #expect(decision == .retry(after: .milliseconds(125)))
    }

    @Test func postIsRetriedOnlyWhenItNeverReachedTheServer() {
        var state = RetryPolicy.State()
        let policy = policy()

        let refused = policy.decide(
            .failure(code: .cannotConnectToHost, message: ""), method: .post, state: &state
        )
        let lost = policy.decide(
            .failure(code: .networkConnectionLost, message: ""), method: .post, state: &state
        )
        let serverError = policy.decide(
            .response(status: 500, headers: [:]), method: .post, state: &state
        )

        #expect(refused == .retry(after: .milliseconds(125)))
        #expect(lost != .deliver && lost != .retry(after: .milliseconds(250)))
        #expect(serverError != .retry(after: .milliseconds(250)))
    }

    @Test func rateLimitWaitsUntilTheResetReadAgainstTheDateHeader() {
        // Date is 10:00:00 (epoch 1772359200); reset 3 s later.
        let headers: HTTPHeaders = [
            "Date": "Sun, 01 Mar 2026 10:00:00 GMT",
            "X-Sentry-Rate-Limit-Reset": "1772359203",
        ]
        var state = RetryPolicy.State()

        let wait = policy().rateLimitWait(headers: headers)
        let decision = policy(random: 0.5).decide(
            .response(status: 429, headers: headers), method: .post, state: &state
        )

        #expect(wait == .seconds(3))
        #expect(decision == .retry(after: .milliseconds(3150)))
        #expect(state.rateLimitWaits == 1)
        #expect(state.attempts == 1)
    }

    @Test func retryAfterWinsOverTheResetHeader() {
        let headers: HTTPHeaders = [
            "Date": "Sun, 01 Mar 2026 10:00:00 GMT",
            "X-Sentry-Rate-Limit-Reset": "1772359230",
            "retry-after": "7",
        ]

        #expect(policy().rateLimitWait(headers: headers) == .seconds(7))
    }

    @Test func aResetTooFarAwayGivesUpAtOnce() {
        let headers: HTTPHeaders = [
            "Date": "Sun, 01 Mar 2026 10:00:00 GMT",
            "X-Sentry-Rate-Limit-Reset": "1772362800",
        ]
        var state = RetryPolicy.State()

        let decision = policy().decide(
            .response(status: 429, headers: headers), method: .get, state: &state
        )

        guard case .giveUp(let reason) = decision else {
            Issue.record("expected to give up, got \(decision)")
            return
        }
        #expect(reason.contains("3600 s"))
    }

    @Test func rateLimitWaitsAreBounded() {
        let headers: HTTPHeaders = ["Retry-After": "1"]
        var state = RetryPolicy.State(rateLimitWaits: 10)

        let decision = policy().decide(
            .response(status: 429, headers: headers), method: .get, state: &state
        )

        #expect(decision == .giveUp(reason: "still limited after 10 waits"))
    }
}
