import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
@testable import SentryEmulator

/// `POST /_emulator/mutate` errors say what was wrong and what to send.
@Suite struct MutateErrorTests {
    @Test func anUnknownOpIsAnsweredWithEveryValidOp() async throws {
        let harness = try EmulatorHarness()

        let (json, response) = try await harness.sendJSON(
            "POST", "/_emulator/mutate", json: ["op": "update", "id": "1"])

        let message = try #require((json as? [String: Any])?["error"] as? String)
        #expect(response.statusCode == 400)
        #expect(message.hasPrefix("Unknown op \"update\""))
        for op in ["rename_member", "set_role", "add_member", "remove_member", "accept_invite",
                   "expire_invite", "add_team_member", "remove_team_member", "rename_project",
                   "add_project", "delete_project"] {
            #expect(message.contains(op), "\(op) missing from: \(message)")
        }
    }

    @Test func aBodyWithoutAnOpSaysToSendOne() {
        #expect {
            try Router.mutation(from: ["id": 1])
        } throws: { error in
            let message = "\(error)"
            return message.contains("\"op\"") && message.contains("rename_member")
                && !message.contains("Unknown op \"\"")
        }
    }

    @Test func aMissingFieldNamesTheFieldTheOpAndTheOpsFields() {
        #expect {
            try Router.mutation(from: ["op": "set_role", "id": 7])
        } throws: { error in
            "\(error)" == "Op \"set_role\" needs \"role\"; send {\"op\": \"set_role\", id, role}."
        }
    }

    @Test func aFieldOfTheWrongTypeIsNamedRatherThanCalledMissing() {
        #expect {
            try Router.mutation(from: ["op": "remove_member", "id": "seven"])
        } throws: { error in
            "\(error)".hasPrefix("Op \"remove_member\" cannot use \"id\": \"seven\"")
        }
        #expect {
            try Router.mutation(from: ["op": "add_project", "slug": "x", "teams": "backend"])
        } throws: { error in
            "\(error)".hasPrefix("Op \"add_project\" cannot use \"teams\": \"backend\"")
        }
    }

    @Test func everyDocumentedOpIsAccepted() throws {
        let bodies: [[String: Any]] = [
            ["op": "rename_member", "id": 1, "name": "N"],
            ["op": "set_role", "id": 1, "role": "admin"],
            ["op": "add_member", "email": "a@b.io"], ["op": "remove_member", "id": "1"],
            ["op": "accept_invite", "id": 1, "name": "N"], ["op": "expire_invite", "id": 1],
            ["op": "add_team_member", "member": 1, "team": "t"],
            ["op": "remove_team_member", "member": 1, "team": "t"],
            ["op": "rename_project", "project": "p", "name": "P"],
            ["op": "add_project", "slug": "p", "teams": ["t"]],
            ["op": "delete_project", "project": "p"],
        ]

        let ops = try bodies.map { try Router.mutation(from: $0) }

        #expect(ops.count == Router.mutationOps.count)
        #expect(bodies.map { $0["op"] as? String } == Router.mutationOps.map(\.op))
    }
}
