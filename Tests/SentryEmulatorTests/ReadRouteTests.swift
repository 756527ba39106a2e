import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
@testable import SentryEmulator

@Suite struct ReadRouteTests {
    @Test func indexReportsTheTokenScopesAndNullAuthWithoutAToken() async throws {
        let harness = try EmulatorHarness()

        let (withToken, response) = try await harness.sendJSON("GET", "/api/0/")
        let (anonymous, _) = try await harness.sendJSON("GET", "/api/0/", token: "")

        #expect(response.statusCode == 200)
        let auth = (withToken as? [String: Any])?["auth"] as? [String: Any]
        #expect(auth?["scopes"] as? [String] == EmulatorToken.ownerScopes)
        #expect((anonymous as? [String: Any])?["auth"] is NSNull)
        #expect(response.value(forHTTPHeaderField: "Content-Type") == "application/json")
        #expect(response.value(forHTTPHeaderField: "Date")?.hasSuffix(" GMT") == true)
    }

    @Test func membersListIsOrderedByIDWithBaseFieldsOnly() async throws {
        let harness = try EmulatorHarness()

        let (json, response) = try await harness.sendJSON(
            "GET", "/api/0/organizations/acme/members/")

        #expect(response.statusCode == 200)
        let members = try #require(json as? [[String: Any]])
        #expect(members.count == 30)
        let ids = members.compactMap { ($0["id"] as? String).flatMap { Int($0) } }
        #expect(ids == ids.sorted())
        #expect(members.allSatisfy { $0["teams"] == nil && $0["orgRole"] is String })
    }

    @Test func slashlessPathsAreRedirectedToTheSlashForm() async throws {
        let harness = try EmulatorHarness()

        let (_, response) = try await harness.send("GET", "/api/0/organizations/acme/teams?x=1")

        #expect(response.statusCode == 301)
        #expect(response.value(forHTTPHeaderField: "Location")
            == "/api/0/organizations/acme/teams/?x=1")
    }
}
