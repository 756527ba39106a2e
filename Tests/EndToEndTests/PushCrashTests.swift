import Foundation
import MirrorStore
import Testing

/// Invariants 1 and 2 with real processes: a push of 50 mutations is killed
/// (SIGKILL) at several points, then run until it succeeds; Sentry's audit
/// log shows each mutation's effect exactly once and the queue ends empty.
struct PushCrashTests {
    /// When each killed push gets its SIGKILL, in seconds after it started.
    private static let killAfter = [0.15, 0.25, 0.35, 0.45, 0.6, 0.8, 1.0]
    /// Pushes allowed after the kills before the test gives up.
    private static let finishingAttempts = 6

    @Test func aPushKilledAtSeveralPointsAppliesEachMutationExactlyOnce() async throws {
        let folder = try TemporaryFolder()
        let token = "crash-" + UUID().uuidString
        let emulator = try PushEmulatorProcess([
            "--org", "acme", "--members", "60", "--projects", "30", "--teams", "5",
            "--token", token, "--latency-ms", "20",
        ])
        defer { emulator.kill() }
        let cli = PushCLI(database: folder.path("m.sqlite"), url: emulator.url, token: token)
        try cli.succeed(["pull"])
        let plan = try CrashPlan(mirror: try MirrorDatabase.openReadOnly(path: cli.database))
        for command in plan.commands { try cli.succeed(command) }
        #expect(try cli.pending().count == 50)

        var killed = 0
        var killedWhileSending = 0
        var left = 50
        for delay in Self.killAfter {
            let push = try cli.start(["push"])
            guard !push.wait(seconds: delay) else { continue }
            push.kill()
            killed += 1
            // Nothing is lost, nothing fails: each mutation is queued, sending or gone.
            let pending = try cli.pending()
            let states = pending.compactMap { $0["state"] as? String }
            #expect(pending.count <= left && states.count == pending.count)
            #expect(states.allSatisfy { $0 == "queued" || $0 == "sending" }, "\(pending)")
            killedWhileSending += states.contains("sending") ? 1 : 0
            left = pending.count
        }
        var finished: Binary.Result?
        for _ in 0..<Self.finishingAttempts {
            let result = try cli.run(["push"])
            if result.status == 0 {
                finished = result
                break
            }
        }

        #expect(killed >= 3, "the pushes ended before most kills; the test proved little")
        #expect(killedWhileSending >= 1, "no kill landed while a request was out")
        #expect(finished != nil, "push did not succeed within \(Self.finishingAttempts) runs")
        #expect(try cli.pending().isEmpty)
        let audit = try await PushAuditLog.read(baseURL: emulator.url, org: "acme", token: token)
        plan.expectEachEffectOnce(in: audit)
    }
}

/// 50 local writes against a generated organization, of every kind, mixed,
/// and the audit events each must leave.
private struct CrashPlan {
    var commands: [[String]] = []
    var invitedEmails: [String] = []
    var createdSlugs: [String] = []
    /// Created projects that are updated before any push (by slug).
    var updatedCreations: [String] = []
    var updatedIDs: [Int] = []
    var deletedIDs: [Int] = []
    var removedIDs: [Int] = []

    init(mirror: MirrorDatabase) throws {
        let teams = try mirror.teams(org: "acme").map(\.record.slug)
        let projects = try mirror.projects(org: "acme").map(\.record)
        let members = try mirror.members(org: "acme").map(\.record)
            .filter { $0.orgRole == "member" }
        guard teams.count == 5, projects.count == 30, members.count >= 7 else {
            throw E2EError("unexpected organization: \(teams.count) teams, "
                + "\(projects.count) projects, \(members.count) plain members")
        }
        var groups: [[[String]]] = Array(repeating: [], count: 6)
        for index in 0..<12 {
            let email = "crash-member-\(index)@example.com"
            invitedEmails.append(email)
            groups[0].append(["members", "add", email, "--team", teams[index % 5]])
        }
        for index in 0..<10 {
            createdSlugs.append("crash-project-\(index)")
            groups[1].append([
                "projects", "create", "Crash Project \(index)", "--team", teams[index % 5],
                "--platform", "python",
            ])
        }
        for index in 0..<3 {
            updatedCreations.append("crash-project-\(index)")
            groups[2].append(["projects", "update", "crash-project-\(index)", "--name", "C\(index)"])
        }
        for (index, project) in projects[0..<10].enumerated() {
            updatedIDs.append(Int(project.id)!)
            groups[3].append(
                index < 3
                    ? ["projects", "update", project.slug, "--slug", project.slug + "-moved"]
                    : ["projects", "update", project.slug, "--name", "Renamed \(index)"]
            )
        }
        for project in projects[10..<18] {
            deletedIDs.append(Int(project.id)!)
            groups[4].append(["projects", "delete", project.slug])
        }
        for member in members[0..<7] {
            removedIDs.append(Int(member.id)!)
            groups[5].append(["members", "remove", member.id])
        }
        // Round robin: kinds interleave, each group keeps its own order.
        for round in 0..<12 {
            for group in groups where round < group.count { commands.append(group[round]) }
        }
    }

    /// Exactly one audit event per mutation, and nothing else.
    func expectEachEffectOnce(in audit: [PushAuditRow]) {
        #expect(audit.count == commands.count, "\(audit.map(\.event))")
        let invites = audit.filter { $0.event == "member.invite" }.compactMap { $0.data["email"] }
        #expect(invites.sorted() == invitedEmails.sorted())
        let creates = audit.filter { $0.event == "project.create" }.compactMap { $0.data["slug"] }
        #expect(creates.sorted() == createdSlugs.sorted())
        let edits = audit.filter { $0.event == "project.edit" }
        #expect(edits.count == updatedIDs.count + updatedCreations.count)
        #expect(edits.map(\.targetObject).filter(updatedIDs.contains).sorted() == updatedIDs.sorted())
        #expect(edits.compactMap { $0.data["slug"] }.filter(updatedCreations.contains).sorted()
            == updatedCreations.sorted())
        let removes = audit.filter { $0.event == "project.remove" }.map(\.targetObject)
        #expect(removes.sorted() == deletedIDs.sorted())
        let leaves = audit.filter { $0.event == "member.remove" }.map(\.targetObject)
        #expect(leaves.sorted() == removedIDs.sorted())
    }
}
