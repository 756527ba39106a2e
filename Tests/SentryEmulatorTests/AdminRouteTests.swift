import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
@testable import SentryEmulator

@Suite struct AdminRouteTests {
    @Test func faultRuleFailsOnlyTheThirdPageOnce() async throws {
        let state = EmulatorState.generated(org: "acme", teams: 3, members: 250, projects: 0)
        let harness = try EmulatorHarness(state: state)
        let path = "/api/0/organizations/acme/members/"
        let (_, added) = try await harness.send("POST", "/_emulator/faults", json: [
            "method": "GET", "path": path, "match": ["cursor": "100:2:0"], "status": 503,
        ])

        let (_, first) = try await harness.send("GET", path)
        let (_, second) = try await harness.send("GET", path + "?cursor=100:1:0")
        let (_, third) = try await harness.send("GET", path + "?cursor=100:2:0")
        let (_, retry) = try await harness.send("GET", path + "?cursor=100:2:0")

        #expect(added.statusCode == 200)
        let statuses = [first.statusCode, second.statusCode, third.statusCode, retry.statusCode]
        #expect(statuses == [200, 200, 503, 200] as [Int])
    }

    @Test func droppedConnectionAfterApplyStillAppliesTheWrite() async throws {
        let harness = try EmulatorHarness()
        let path = "/api/0/teams/acme/backend/projects/"
        harness.server.addFault(EmulatorFault(method: "POST", path: path, action: .dropAfterApply))

        await #expect(throws: (any Error).self) {
            _ = try await harness.send("POST", path, json: ["name": "Lost", "slug": "lost-answer"])
        }

        let (_, response) = try await harness.send("GET", "/api/0/projects/acme/lost-answer/")
        #expect(response.statusCode == 200)
    }

    @Test func statsCountRequestsByRouteTemplateAndResetClearsThem() async throws {
        let harness = try EmulatorHarness()
        _ = try await harness.send("GET", "/api/0/organizations/acme/members/")
        _ = try await harness.send("GET", "/api/0/organizations/acme/members/?cursor=100:1:0")
        _ = try await harness.send("GET", "/api/0/projects/acme/whatever/")

        let (stats, _) = try await harness.sendJSON("GET", "/_emulator/stats")
        _ = try await harness.send("POST", "/_emulator/reset", json: [String: Any]())
        let (after, _) = try await harness.sendJSON("GET", "/_emulator/stats")

        let requests = (stats as? [String: Any])?["requests"] as? [String: Int]
        #expect(requests?["GET /api/0/organizations/{org}/members/"] == 2)
        #expect(requests?["GET /api/0/projects/{org}/{project}/"] == 1)
        #expect((stats as? [String: Any])?["total"] as? Int == 3)
        #expect((after as? [String: Any])?["total"] as? Int == 0)
    }

    @Test func mutateRenamesAMemberAsAColleagueWould() async throws {
        let harness = try EmulatorHarness()
        let (list, _) = try await harness.sendJSON("GET", "/api/0/organizations/acme/members/")
        let accepted = try #require((list as? [[String: Any]])?.last { !($0["user"] is NSNull) })
        let id = try #require(accepted["id"] as? String)

        let (_, response) = try await harness.send(
            "POST", "/_emulator/mutate", json: ["op": "rename_member", "id": id, "name": "Ünïcode"])
        let (member, _) = try await harness.sendJSON(
            "GET", "/api/0/organizations/acme/members/\(id)/")

        #expect(response.statusCode == 200)
        #expect((member as? [String: Any])?["name"] as? String == "Ünïcode")
        #expect(harness.server.state.auditEntries().first?.event == "member.edit")
    }

    @Test func clockOffsetMovesTheDateHeader() async throws {
        let harness = try EmulatorHarness()

        _ = try await harness.send("POST", "/_emulator/clock", json: ["offsetSeconds": 7200])
        let (_, response) = try await harness.send("GET", "/api/0/")

        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let header = try #require(response.value(forHTTPHeaderField: "Date"))
        let date = try #require(formatter.date(from: header))
        #expect(abs(date.timeIntervalSinceNow - 7200) < 60)
    }
}
