import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
@testable import SentryEmulator

@Suite struct AuthTests {
    private let members = "/api/0/organizations/acme/members/"

    @Test(arguments: [
        ("", "Authentication credentials were not provided."),
        ("Bearer", "Invalid token header. No credentials provided."),
        ("Bearer a b", "Invalid token header. Token string should not contain spaces."),
        ("Bearer wrong-token", "Invalid token"),
        ("bEaReR sntrys_unknown", "Invalid org token"),
    ])
    func badCredentialsGive401WithTheQuietChallenge(header: String, message: String) async throws {
        let harness = try EmulatorHarness()

        let (body, response) = try await harness.send(
            "GET", members, token: "", authorization: header.isEmpty ? nil : header)

        #expect(response.statusCode == 401)
        #expect(response.value(forHTTPHeaderField: "WWW-Authenticate") == "xBasic realm=\"api\"")
        let json = try JSONSerialization.jsonObject(with: body) as? [String: Any]
        #expect(json?["detail"] as? String == message)
    }

    @Test func schemeIsCaseInsensitive() async throws {
        let harness = try EmulatorHarness()

        let (_, response) = try await harness.send(
            "GET", members, authorization: "bearer \(EmulatorToken.defaultValue)")

        #expect(response.statusCode == 200)
    }

    @Test func missingScopeGives403AndAuditLogNeedsOrgWrite() async throws {
        let options = EmulatorOptions(tokens: [EmulatorToken(value: "reader",
                                                             scopes: ["org:read", "team:read"])])
        let harness = try EmulatorHarness(options: options)

        let (membersJSON, membersResponse) = try await harness.sendJSON("GET", members)
        let (_, auditResponse) = try await harness.send(
            "GET", "/api/0/organizations/acme/audit-logs/")
        let (_, teamsResponse) = try await harness.send("GET", "/api/0/organizations/acme/teams/")

        #expect(membersResponse.statusCode == 403)
        #expect((membersJSON as? [String: Any])?["detail"] as? String
            == "You do not have permission to perform this action.")
        #expect(auditResponse.statusCode == 403)
        #expect(teamsResponse.statusCode == 200)
    }

    @Test func unknownOrganizationAndMemberGive404() async throws {
        let harness = try EmulatorHarness()

        let (orgJSON, orgResponse) = try await harness.sendJSON(
            "GET", "/api/0/organizations/nope/members/")
        let (_, memberResponse) = try await harness.send(
            "GET", "/api/0/organizations/acme/members/someone/")
        let (meJSON, meResponse) = try await harness.sendJSON(
            "GET", "/api/0/organizations/acme/members/me/")

        #expect(orgResponse.statusCode == 404)
        #expect((orgJSON as? [String: Any])?["detail"] as? String
            == "The requested resource does not exist")
        #expect(memberResponse.statusCode == 404)
        #expect(meResponse.statusCode == 200)
        #expect((meJSON as? [String: Any])?["orgRole"] as? String == "owner")
        #expect((meJSON as? [String: Any])?["teamRoles"] is [Any])
    }
}
