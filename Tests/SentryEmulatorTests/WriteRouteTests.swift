import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
@testable import SentryEmulator

@Suite struct WriteRouteTests {
    private let members = "/api/0/organizations/acme/members/"

    @Test func inviteCreatesAPendingMemberAndAnAuditRowAtServerTime() async throws {
        let harness = try EmulatorHarness()
        harness.server.state.clockOffsetSeconds = 3600

        let (json, response) = try await harness.sendJSON(
            "POST", members, json: ["email": "new.person@example.com", "orgRole": "member",
                                    "teamRoles": [["teamSlug": "backend", "role": "admin"]]])
        let (audit, _) = try await harness.sendJSON("GET", "/api/0/organizations/acme/audit-logs/")

        #expect(response.statusCode == 201)
        let member = try #require(json as? [String: Any])
        #expect(member["pending"] as? Bool == true)
        #expect(member["user"] is NSNull)
        let rows = try #require((audit as? [String: Any])?["rows"] as? [[String: Any]])
        #expect(rows.first?["event"] as? String == "member.invite")
        #expect((rows.first?["targetObject"] as? Int).map(String.init) == member["id"] as? String)
        let entry = try #require(harness.server.state.auditEntries().first)
        #expect(abs(entry.dateCreated.timeIntervalSinceNow - 3600) < 60)
    }

    @Test func duplicateInviteAndUnknownRoleAndTeamGive400() async throws {
        let harness = try EmulatorHarness()
        _ = try await harness.send("POST", members, json: ["email": "dup@example.com"])

        let (dup, dupResponse) = try await harness.sendJSON(
            "POST", members, json: ["email": "dup@example.com"])
        let (role, _) = try await harness.sendJSON(
            "POST", members, json: ["email": "x@example.com", "orgRole": "boss"])
        let (team, _) = try await harness.sendJSON(
            "POST", members, json: ["email": "y@example.com", "teams": ["no-such-team"]])

        #expect(dupResponse.statusCode == 400)
        #expect((dup as? [String: [String]])?["email"]
            == ["The user dup@example.com has already been invited"])
        #expect((role as? [String: [String]])?["orgRole"] == ["\"boss\" is not a valid choice."])
        #expect((team as? [String: [String]])?["teams"] == ["Invalid teams"])
    }

    @Test func removingTheOnlyOwnerIsRefusedAndARepeatDeleteIs404() async throws {
        let state = EmulatorState.generated(org: "acme", teams: 2, members: 1, projects: 0)
        let harness = try EmulatorHarness(state: state)
        let (created, _) = try await harness.sendJSON(
            "POST", members, json: ["email": "leaver@example.com"])
        let id = try #require((created as? [String: Any])?["id"] as? String)

        let (owner, ownerResponse) = try await harness.sendJSON("DELETE", members + "me/")
        let (_, first) = try await harness.send("DELETE", members + "\(id)/")
        let (_, second) = try await harness.send("DELETE", members + "\(id)/")

        #expect(ownerResponse.statusCode == 403)
        #expect((owner as? [String: Any])?["detail"] as? String
            == "You cannot remove the only remaining owner or manager of the organization.")
        #expect(first.statusCode == 204)
        #expect(second.statusCode == 404)
    }

    @Test func explicitDuplicateSlugGives409() async throws {
        let harness = try EmulatorHarness()
        let path = "/api/0/teams/acme/backend/projects/"
        let (first, firstResponse) = try await harness.sendJSON(
            "POST", path, json: ["name": "Billing API", "slug": "billing-api", "platform": "go"])

        let (second, secondResponse) = try await harness.sendJSON(
            "POST", path, json: ["name": "Other", "slug": "billing-api"])
        let (platform, _) = try await harness.sendJSON(
            "POST", path, json: ["name": "Other", "platform": "cobol"])

        #expect(firstResponse.statusCode == 201)
        let teams = (first as? [String: Any])?["teams"] as? [[String: Any]]
        #expect(teams?.map { $0["slug"] as? String } == ["backend"])
        #expect(secondResponse.statusCode == 409)
        #expect((second as? [String: Any])?["detail"] as? String
            == "A project with this slug already exists.")
        #expect((platform as? [String: [String]])?["platform"] == ["Invalid platform"])
    }

    @Test func renamedSlugRedirectsWith302AndIDsDoNot() async throws {
        let harness = try EmulatorHarness()
        let (list, _) = try await harness.sendJSON("GET", "/api/0/organizations/acme/projects/")
        let project = try #require((list as? [[String: Any]])?.first)
        let oldSlug = try #require(project["slug"] as? String)
        let id = try #require(project["id"] as? String)

        let (renamed, renameResponse) = try await harness.sendJSON(
            "PUT", "/api/0/projects/acme/\(oldSlug)/", json: ["slug": "brand-new-slug"])
        let (_, movedResponse) = try await harness.send(
            "GET", "/api/0/projects/acme/\(oldSlug)/?x=1")
        // URLSession on Linux drops the body of a refused redirect: read it in-process.
        let direct = harness.server.router.handle(EmulatorRequest(
            method: "GET", target: "/api/0/projects/acme/\(oldSlug)/",
            authorization: "Bearer \(harness.token)"))
        let moved = try JSONSerialization.jsonObject(with: direct.body)
        let (_, byID) = try await harness.send("GET", "/api/0/projects/acme/\(id)/")

        #expect(renameResponse.statusCode == 200)
        #expect((renamed as? [String: Any])?["status"] as? String == "active")
        #expect(movedResponse.statusCode == 302)
        #expect(movedResponse.value(forHTTPHeaderField: "Location")
            == "/api/0/projects/acme/brand-new-slug/?x=1")
        let detail = (moved as? [String: Any])?["detail"] as? [String: Any]
        #expect(detail?["code"] as? String == "resource-moved")
        #expect(byID.statusCode == 200)
        let edit = harness.server.state.auditEntries().first
        #expect(edit?.event == "project.edit")
        #expect(edit?.data["old_slug"] == oldSlug)
        #expect(edit?.data["new_slug"] == "brand-new-slug")
    }

    @Test func slugConflictOnUpdateNamesTheOtherProject() async throws {
        let harness = try EmulatorHarness()
        let (list, _) = try await harness.sendJSON("GET", "/api/0/organizations/acme/projects/")
        let projects = try #require(list as? [[String: Any]])
        let target = try #require(projects[0]["id"] as? String)
        let other = projects[1]

        let (json, response) = try await harness.sendJSON(
            "PUT", "/api/0/projects/acme/\(target)/", json: ["slug": other["slug"] as Any])

        #expect(response.statusCode == 400)
        let name = try #require(other["name"] as? String)
        #expect((json as? [String: [String]])?["slug"]
            == ["Another project (\(name)) is already using that slug"])
    }

    @Test func deletedProjectVanishesAtOnceAndFreesItsSlug() async throws {
        let harness = try EmulatorHarness()
        let (list, _) = try await harness.sendJSON("GET", "/api/0/organizations/acme/projects/")
        let slug = try #require((list as? [[String: Any]])?.first?["slug"] as? String)

        let (_, deleted) = try await harness.send("DELETE", "/api/0/projects/acme/\(slug)/")
        let (_, after) = try await harness.send("GET", "/api/0/projects/acme/\(slug)/")
        let (_, recreated) = try await harness.send(
            "POST", "/api/0/teams/acme/backend/projects/", json: ["name": "Again", "slug": slug])

        #expect(deleted.statusCode == 204)
        #expect(after.statusCode == 404)
        #expect(recreated.statusCode == 201)
        #expect(harness.server.state.auditEntries().map(\.event).prefix(2)
            == ["project.create", "project.remove"])
    }
}
