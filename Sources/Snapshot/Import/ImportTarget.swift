/// The mirror database an import replaces, and the checks before it may be replaced.
///
/// The existing file is only read until every check of the snapshot passed.
/// Its WAL files matter: a -wal left beside the renamed file would be
/// replayed into the new database and corrupt it. So before the rename a
/// mirror that has them is opened and closed once, which folds and removes
/// them; when they remain, another process has the mirror open and the
/// import is refused.
struct ImportTarget {
    /// The database path.
    let path: String

    /// Refuses a mirror with pending mutations (unless forced) or one that is not a mirror.
    ///
    /// Without -wal and -shm beside the mirror, it is read through a
    /// read-write connection, whose close removes the ones it created (a
    /// read-only one would leave them behind). With them, a read-only
    /// connection is used, which neither checkpoints nor removes them.
    func checkReplaceable(force: Bool) throws {
        guard FileSystem.exists(path) else { return }
        let hasWALFiles = FileSystem.exists(path + "-wal") || FileSystem.exists(path + "-shm")
        do {
            let connection = try RawConnection(
                path: path, mode: hasWALFiles ? .readOnly : .readWrite)
            try checkIsMirror(connection)
            try checkNoPendingMutations(connection, force: force)
            try connection.close()
        } catch let error as SnapshotError {
            throw error
        } catch let error as RawSQLiteError where error.isBusy {
            throw inUse()
        } catch {
            guard !force else { return }
            throw SnapshotError(
                .database, path: path,
                "\(path) exists but cannot be read as a sentry-mirror database (\(error)). "
                    + "Nothing was changed; pass --force to replace it anyway, or choose "
                    + "another --db path.")
        }
    }

    /// Moves the verified database into place: close out the old one's WAL, rename, sync.
    func replace(with staging: StagedDatabase, force: Bool) throws {
        if FileSystem.exists(path + "-wal") || FileSystem.exists(path + "-shm") {
            try checkpointAndClose(force: force)
        }
        guard !FileSystem.exists(path + "-wal"), !FileSystem.exists(path + "-journal") else {
            throw inUse()
        }
        do {
            try FileSystem.rename(staging.path, to: path)
            staging.markMoved()
            // The old -shm (if a crash left one) describes the old file; SQLite rebuilds it.
            FileSystem.removeIfPresent(path + "-shm")
            try FileSystem.syncDirectory(of: path)
        } catch {
            throw SnapshotError(
                .fileSystem, path: path,
                "Could not move the imported database into place at \(path): \(error). "
                    + "Check permissions on that folder and retry.")
        }
    }

    private func checkIsMirror(_ connection: RawConnection) throws {
        let version = try connection.integer("PRAGMA user_version") ?? 0
        let tables = try DatabaseInventory.tableNames(connection)
        guard version == 0, !tables.isEmpty else { return }
        throw SnapshotError(
            .database, path: path,
            "\(path) is an SQLite database of another program, not a sentry-mirror mirror. "
                + "Nothing was changed; pass --db with the path of your mirror or a new file.")
    }

    private func checkNoPendingMutations(_ connection: RawConnection, force: Bool) throws {
        guard !force, try DatabaseInventory.tableNames(connection).contains("outbox") else {
            return
        }
        let pending = try connection.integer("SELECT count(*) FROM outbox") ?? 0
        guard pending > 0 else { return }
        throw SnapshotError(
            .pendingMutations, path: path,
            "The mirror \(path) has \(pending) pending mutation\(pending == 1 ? "" : "s") "
                + "not yet pushed to Sentry; importing would discard them. Nothing was "
                + "changed; run `sentry-mirror push` first, or import with --force.")
    }

    /// Opens and closes the mirror so that SQLite folds and removes its WAL files.
    ///
    /// SQLite checkpoints and deletes -wal and -shm when the last connection
    /// closes, and writes nothing on close while others stay open. So when the
    /// files are still there afterwards, another process has the mirror open,
    /// and its database file and -wal were not touched.
    private func checkpointAndClose(force: Bool) throws {
        do {
            let connection = try RawConnection(path: path, mode: .readWrite)
            // SQLite opens the WAL at the first read; a connection that never read
            // (as with --force, which skips the outbox count) leaves it on close.
            _ = try connection.integer("SELECT count(*) FROM sqlite_master")
            try checkNoPendingMutations(connection, force: force)
            try connection.close()
        } catch let error as SnapshotError {
            throw error
        } catch let error as RawSQLiteError where error.isBusy {
            throw inUse()
        } catch {
            guard !force else { return }
            throw SnapshotError(
                .database, path: path,
                "Could not prepare \(path) for replacement: \(error). Nothing was replaced; "
                    + "retry, or pass --force.")
        }
    }

    private func inUse() -> SnapshotError {
        SnapshotError(
            .databaseInUse, path: path,
            "The mirror \(path) is open in another process (a pull, push or changes --follow?). "
                + "Nothing was replaced; stop that process and import again.")
    }
}
