import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
@testable import SentryEmulator

@Suite struct PaginationTests {
    private func link(_ base: String, query: String, previous: String, previousResults: Bool,
                      next: String, nextResults: Bool) -> String {
        "<\(base)?\(query)&cursor=\(previous)>; rel=\"previous\"; "
            + "results=\"\(previousResults)\"; cursor=\"\(previous)\", "
            + "<\(base)?\(query)&cursor=\(next)>; rel=\"next\"; "
            + "results=\"\(nextResults)\"; cursor=\"\(next)\""
    }

    @Test func firstPageWithoutParametersUsesTheQuestionMarkAmpersandForm() async throws {
        let harness = try EmulatorHarness()
        let base = harness.server.baseURL.absoluteString + "/api/0/organizations/acme/members/"

        let (_, response) = try await harness.send("GET", "/api/0/organizations/acme/members/")

        #expect(response.value(forHTTPHeaderField: "Link") == link(
            base, query: "", previous: "100:-1:1", previousResults: false,
            next: "100:1:0", nextResults: false))
    }

    @Test func middleAndLastPagesLinkBothWaysAndDropTheOldCursor() async throws {
        let harness = try EmulatorHarness()
        let path = "/api/0/organizations/acme/members/"
        let base = harness.server.baseURL.absoluteString + path

        let (middleBody, middle) = try await harness.send("GET", path + "?per_page=10&cursor=10:1:0")
        let (lastBody, last) = try await harness.send("GET", path + "?cursor=10:2:0&per_page=10")

        #expect(middle.value(forHTTPHeaderField: "Link") == link(
            base, query: "per_page=10", previous: "10:0:1", previousResults: true,
            next: "10:2:0", nextResults: true))
        #expect(last.value(forHTTPHeaderField: "Link") == link(
            base, query: "per_page=10", previous: "10:1:1", previousResults: true,
            next: "10:3:0", nextResults: false))
        let middleIDs = try #require(JSONSerialization.jsonObject(with: middleBody) as? [[String: Any]])
        let lastIDs = try #require(JSONSerialization.jsonObject(with: lastBody) as? [[String: Any]])
        #expect(middleIDs.count == 10)
        #expect(lastIDs.count == 10)
        #expect(Set(middleIDs.compactMap { $0["id"] as? String })
            .isDisjoint(with: lastIDs.compactMap { $0["id"] as? String }))
    }

    @Test(arguments: [
        ("per_page=abc", "Invalid per_page parameter."),
        ("per_page=0", "Invalid per_page value. Must be between 1 and 100."),
        ("per_page=101", "Invalid per_page value. Must be between 1 and 100."),
        ("cursor=nonsense", "Invalid cursor parameter."),
        ("cursor=100:-3:0", "Pagination offset cannot be negative"),
    ])
    func badPaginationParametersGiveSentrysMessages(query: String, message: String) async throws {
        let harness = try EmulatorHarness()

        let (json, response) = try await harness.sendJSON(
            "GET", "/api/0/organizations/acme/projects/?\(query)")

        #expect(response.statusCode == 400)
        #expect((json as? [String: Any])?["detail"] as? String == message)
    }

    @Test func queryFiltersAreEchoedFormEncodedInTheLink() async throws {
        let harness = try EmulatorHarness()
        let members = try await harness.sendJSON("GET", "/api/0/organizations/acme/members/")
        let email = try #require(((members.json as? [[String: Any]])?[3])?["email"] as? String)

        let (json, response) = try await harness.sendJSON(
            "GET", "/api/0/organizations/acme/members/?query=email:\(email)")

        #expect((json as? [[String: Any]])?.map { $0["email"] as? String } == [email])
        let encoded = "query=email%3A" + email.replacingOccurrences(of: "@", with: "%40")
        #expect(response.value(forHTTPHeaderField: "Link")?.contains("?\(encoded)&cursor=") == true)
    }
}
