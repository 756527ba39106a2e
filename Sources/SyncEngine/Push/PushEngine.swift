import Foundation
import MirrorJSON
import MirrorStore
import SentryAPI

/// Replays the outbox against Sentry, oldest first, each mutation exactly once.
///
/// For each mutation: the conflict rule is checked; a mutation sent before is
/// read back first (``Reconciler``); it is marked `sending` on disk before its
/// request goes out; and the answer is recorded in one transaction (server
/// state, outbox, journal). Network errors, 5xx and 429 leave it queued; 400,
/// 403, 404 and 409 mark it failed and withdraw its effect. Mutations of one
/// entity never overtake each other: once one of them does not go through,
/// the later ones wait; other entities go on.
public struct PushEngine {
    let client: SentryClient
    let database: MirrorDatabase
    let progress: (PushReport.Entry) -> Void

    /// A push engine sending through `client` what `database` holds.
    ///
    /// - Parameter progress: called after each mutation, on the pushing task.
    public init(
        client: SentryClient, database: MirrorDatabase,
        progress: @escaping (PushReport.Entry) -> Void = { _ in }
    ) {
        self.client = client
        self.database = database
        self.progress = progress
    }

    private var organization: String { client.configuration.organization }

    /// Pushes every queued mutation of the organization.
    ///
    /// - Parameter dryRun: report the requests that would be sent and send nothing.
    /// - Throws: `MirrorStoreError` when the database cannot be written; errors
    ///   from Sentry are recorded per mutation, not thrown.
    public func push(dryRun: Bool = false) async throws -> PushReport {
        var report = PushReport()
        // Entity key → the oldest mutation of it that did not go through.
        var blocked: [String: Int64] = [:]
        let queue = try database.pendingMutations(org: organization)
        for mutation in queue where mutation.state == .failed && blocked[key(mutation)] == nil {
            blocked[key(mutation)] = mutation.id
        }
        let ids = queue.filter { $0.state != .failed }.map(\.id)
        // Once Sentry cannot be reached, the rest would only wait out the same
        // retries one by one: they stay queued with that error instead.
        var unreachable: SentryError?
        for id in ids {
            // Re-read: a confirmed creation retargets the later mutations of its entity.
            guard let mutation = try database.pendingMutation(id: id) else { continue }
            let outcome: PushReport.Outcome
            if let behind = blocked[key(mutation)] {
                outcome = .heldBack(behind: behind)
            } else if dryRun {
                outcome = dryRunOutcome(mutation)
            } else if let unreachable {
                outcome = try record(
                    unreachable, for: mutation,
                    message: "not sent: Sentry could not be reached a moment ago; push again later"
                )
            } else {
                outcome = try await replay(mutation, unreachable: &unreachable)
            }
            if case .done = outcome {} else if !dryRun {
                blocked[key(mutation)] = blocked[key(mutation)] ?? mutation.id
            }
            let entry = PushReport.Entry(
                mutationID: mutation.id, kind: mutation.kind, target: mutation.targetID,
                outcome: outcome
            )
            report.entries.append(entry)
            progress(entry)
        }
        return report
    }

    /// The entity a mutation changes, as a key for ordering.
    private func key(_ mutation: PendingMutation) -> String {
        mutation.kind.entity.rawValue + "/" + mutation.targetID
    }

    private func dryRunOutcome(_ mutation: PendingMutation) -> PushReport.Outcome {
        do {
            return .wouldSend(request: try MutationRequest(mutation).summary)
        } catch {
            // Its target is created by an earlier mutation: name the id that will
            // stand in the path once Sentry has given it.
            let creator = mutation.targetID.dropFirst(localIDPrefix.count)
            let path: String
            switch mutation.kind {
            case .memberRemove:
                path = "/api/0/organizations/\(mutation.org)/members/{id from #\(creator)}/"
            default:
                path = "/api/0/projects/\(mutation.org)/{id from #\(creator)}/"
            }
            let method = mutation.kind == .projectUpdate ? "PUT" : "DELETE"
            let body = mutation.kind == .projectUpdate ? " " + mutation.payload.canonicalText : ""
            return .wouldSend(request: "\(method) \(path)\(body) (after #\(creator))")
        }
    }

    /// Sends one mutation; sets `unreachable` when Sentry could not be reached.
    private func replay(
        _ mutation: PendingMutation, unreachable: inout SentryError?
    ) async throws -> PushReport.Outcome {
        do {
            let request = try MutationRequest(mutation)
            // Read back first: a change a pull saw since may be this very write,
            // applied before the process died, and not a later one by someone else.
            if mutation.attempts > 0 || mutation.state == .sending {
                let finding = try await Reconciler(client: client).check(mutation)
                if case .alreadyDone(let object) = finding {
                    let serverID = try database.markDone(
                        id: mutation.id, serverObject: object, at: client.clock.now()
                    )
                    return .done(serverID: serverID, adopted: true)
                }
            }
            if let lost = try await conflictLoss(mutation) { return lost }
            try database.markSending(id: mutation.id)
            let response = try await client.send(
                request.endpoint, acceptStatuses: request.doneStatuses
            )
            let object = response.body.isEmpty ? nil : try response.json()
            let serverID = try database.markDone(
                id: mutation.id, serverObject: object, at: response.serverDate ?? client.clock.now()
            )
            return .done(serverID: serverID, adopted: false)
        } catch let error as SentryError {
            if case .network = error { unreachable = error }
            return try record(error, for: mutation)
        } catch PushError.unresolvedTarget(let target) {
            // The creation it depends on is still queued or failed: wait behind it.
            return .heldBack(behind: Int64(target.dropFirst(localIDPrefix.count)) ?? 0)
        }
    }

    /// Fails a project update that Sentry's later change overrides (``ConflictRule``).
    private func conflictLoss(_ mutation: PendingMutation) async throws -> PushReport.Outcome? {
        guard mutation.kind == .projectUpdate else { return nil }
        let server = try database.serverVersion(
            org: mutation.org, kind: mutation.kind.entity, id: mutation.targetID
        )
        var audited: Date?
        if ConflictRule.needsAuditTime(
            madeAt: mutation.madeAt, baseVersion: mutation.baseVersion, server: server
        ) {
            audited = await AuditTrail(client: client)
                .lastChange(event: "project.edit", id: mutation.targetID)
        }
        let decision = ConflictRule.decide(
            madeAt: mutation.madeAt, baseVersion: mutation.baseVersion, server: server,
            auditedChange: audited
        )
        guard case .serverWins(let changedBy) = decision else { return nil }
        let message = "conflict: the project changed on Sentry at or before "
            + "\(ServerTime.text(changedBy)), after this change was made at "
            + "\(ServerTime.text(mutation.madeAt)); Sentry's later change wins "
            + "(retry to apply yours anyway, or drop it)"
        try database.markFailed(id: mutation.id, error: message)
        return .failed(message: message)
    }

    /// Records Sentry's refusal or a transient failure on the mutation.
    private func record(
        _ error: SentryError, for mutation: PendingMutation, message: String? = nil
    ) throws -> PushReport.Outcome {
        let message = message ?? client.configuration.token.redact(String(describing: error))
        if error.isTransient {
            let next = client.clock.now().addingTimeInterval(retryDelay(attempts: mutation.attempts))
            try database.markRetry(id: mutation.id, error: message, nextAttemptAt: next)
            return .willRetry(message: message, nextAttemptAt: next)
        }
        try database.markFailed(id: mutation.id, error: message)
        return .failed(message: message)
    }

    /// A hint for the next attempt: 30 s doubling per attempt, at most an hour.
    private func retryDelay(attempts: Int) -> TimeInterval {
        min(3600, 30 * pow(2, Double(max(0, attempts - 1))))
    }
}
