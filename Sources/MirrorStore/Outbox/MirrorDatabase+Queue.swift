import FoundationEssentials

/// The outbox as `push` and `pending` see it: list, state changes, drop, retry.
///
/// Every state change is one durable transaction. Changes that take a
/// mutation's effect out of the local view or put it back rebase the target
/// and journal the difference with origin `local`.
extension MirrorDatabase {
    /// The mutations of `org` (or of every organization), oldest first.
    public func pendingMutations(org: String? = nil) throws -> [PendingMutation] {
        try connection.rows(
            "SELECT \(PendingMutation.columns) FROM outbox "
                + "WHERE ?1 IS NULL OR org = ?1 ORDER BY id",
            org
        ) { try PendingMutation(row: $0) }
    }

    /// One mutation by its outbox id.
    public func pendingMutation(id: Int64) throws -> PendingMutation? {
        try connection.firstRow(
            "SELECT \(PendingMutation.columns) FROM outbox WHERE id = ?", id
        ) { try PendingMutation(row: $0) }
    }

    /// Records on disk that a request for the mutation is about to go out.
    ///
    /// Call before sending: if the process dies before the answer is
    /// recorded, the next push finds the mutation `sending` and checks
    /// whether it took effect instead of sending it again.
    public func markSending(id: Int64) throws {
        try connection.transaction(durable: true) {
            try connection.run(
                "UPDATE outbox SET state = 'sending', attempts = attempts + 1 WHERE id = ?", id)
            guard connection.changes == 1 else { throw LocalWriteError.unknownMutation(id) }
        }
    }

    /// Leaves a mutation queued after a retryable error (network, 5xx, 429).
    public func markRetry(id: Int64, error: String, nextAttemptAt: Date) throws {
        try connection.transaction(durable: true) {
            try connection.run(
                """
                UPDATE outbox SET state = 'queued', last_error = ?, next_attempt_at = ?
                WHERE id = ?
                """, error, ServerTime.text(nextAttemptAt), id)
            guard connection.changes == 1 else { throw LocalWriteError.unknownMutation(id) }
        }
    }

    /// Marks a mutation Sentry refused and withdraws its effect from the local view.
    ///
    /// The row stays, with Sentry's message, until the user drops or retries it.
    public func markFailed(id: Int64, error: String) throws {
        try changeState(id: id) {
            try connection.run(
                "UPDATE outbox SET state = 'failed', last_error = ?, next_attempt_at = NULL "
                    + "WHERE id = ?", error, id)
        }
    }

    /// Removes a mutation and rebases the local view without it.
    ///
    /// Dropping a creation also drops the later mutations of the entity it
    /// would have created: they could never be sent.
    ///
    /// - Returns: the ids removed, `id` first.
    @discardableResult
    public func drop(id: Int64) throws -> [Int64] {
        var dropped = [id]
        try changeState(id: id) {
            if let mutation = try pendingMutation(id: id), mutation.kind.createsEntity {
                dropped += try connection.rows(
                    "SELECT id FROM outbox WHERE org = ? AND entity = ? AND target_id = ? "
                        + "AND id != ? ORDER BY id",
                    mutation.org, mutation.kind.entity.rawValue, mutation.targetID, id
                ) { Int64($0.int(0)) }
                try connection.run(
                    "DELETE FROM outbox WHERE org = ? AND entity = ? AND target_id = ?",
                    mutation.org, mutation.kind.entity.rawValue, mutation.targetID)
            } else {
                try connection.run("DELETE FROM outbox WHERE id = ?", id)
            }
        }
        return dropped
    }

    /// Puts a failed mutation back in the queue; its effect returns to the local view.
    ///
    /// Retrying is the user's choice of this write over what Sentry holds now,
    /// so the mutation is rebased onto the server version the mirror knows:
    /// a conflict it lost does not make it lose again.
    ///
    /// - Throws: ``LocalWriteError/mutationNotFailed(_:)`` unless it failed.
    public func retry(id: Int64) throws {
        try changeState(id: id) {
            try connection.run(
                """
                UPDATE outbox SET state = 'queued', next_attempt_at = NULL,
                    base_version = CASE WHEN base_version IS NULL THEN NULL ELSE COALESCE(
                        CASE entity
                        WHEN 'projects' THEN (SELECT version FROM server_projects s
                            WHERE s.org = outbox.org AND s.id = outbox.target_id)
                        WHEN 'members' THEN (SELECT version FROM server_members s
                            WHERE s.org = outbox.org AND s.id = outbox.target_id)
                        END, base_version) END
                WHERE id = ? AND state = 'failed'
                """, id)
            guard connection.changes == 1 else { throw LocalWriteError.mutationNotFailed(id) }
        }
    }

    /// Runs `change` on one mutation and rebases its target, in one transaction.
    private func changeState(id: Int64, _ change: () throws -> Void) throws {
        try connection.transaction(durable: true) {
            guard let mutation = try pendingMutation(id: id) else {
                throw LocalWriteError.unknownMutation(id)
            }
            try change()
            let journal = journalWriter(org: mutation.org, origin: .local, serverTime: nil)
            try rebase(mutation.kind.entity, id: mutation.targetID, journal: journal)
        }
    }
}
