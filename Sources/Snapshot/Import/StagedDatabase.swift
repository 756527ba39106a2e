import MirrorStore

/// The imported database while it is written and checked beside its destination.
///
/// The file lives in the destination's folder so that the final rename is
/// atomic. Until ``markMoved()`` it is removed in deinit, together with any
/// -wal, -shm or -journal SQLite left beside it.
final class StagedDatabase {
    /// The temporary file.
    let path: String
    private var descriptor: FileDescriptor?
    private var isMoved = false

    /// Chooses a fresh temporary path beside `destination`; creates nothing yet.
    init(beside destination: String) {
        path = FileSystem.temporarySibling(of: destination, purpose: "import")
    }

    deinit {
        guard !isMoved else { return }
        for suffix in ["", "-wal", "-shm", "-journal"] {
            FileSystem.removeIfPresent(path + suffix)
        }
    }

    /// Creates the temporary file and returns it open for writing.
    func create() throws -> FileDescriptor {
        do {
            let created = try FileDescriptor.createExclusive(path, mode: 0o600)
            descriptor = created
            return created
        } catch {
            throw writeError(error)
        }
    }

    /// Syncs the written bytes to disk and closes the file.
    func finishWriting() throws {
        do {
            try descriptor?.sync()
            try descriptor?.close()
            descriptor = nil
        } catch {
            throw writeError(error)
        }
    }

    /// The error for a failed write of the temporary file.
    func writeError(_ error: any Error) -> SnapshotError {
        SnapshotError(
            .fileSystem, path: path,
            "Could not write the temporary file \(path): \(error). Nothing was changed; "
                + "check free space and permissions in that folder, then retry.")
    }

    /// Records that the file was renamed into place and must no longer be removed.
    func markMoved() {
        isMoved = true
    }

    /// Checks the database SQLite-side and brings its schema up to date.
    ///
    /// The checksum already proved the bytes are those that were exported;
    /// this proves they are a sound mirror of the announced schema, then runs
    /// the migrations an older snapshot needs.
    func verifyAndMigrate(manifest: SnapshotManifest, snapshotPath: String) throws {
        try checkIntegrity(manifest: manifest, snapshotPath: snapshotPath)
        try migrate(snapshotPath: snapshotPath)
        guard !FileSystem.exists(path + "-wal") else {
            throw SnapshotError(
                .database, path: path,
                "The imported database \(path) was left with an open write-ahead log; "
                    + "nothing was changed. Retry the import.")
        }
        // The migrations wrote through SQLite; sync the file once more before the rename.
        do {
            let file = try FileDescriptor.openForReading(path)
            try file.sync()
            try file.close()
        } catch {
            throw writeError(error)
        }
    }

    private func checkIntegrity(manifest: SnapshotManifest, snapshotPath: String) throws {
        let problem: String?
        do {
            let connection = try RawConnection(path: path, mode: .readOnly)
            let check = try connection.strings("PRAGMA quick_check").joined(separator: "; ")
            let version = Int(try connection.integer("PRAGMA user_version") ?? -1)
            try connection.close()
            if check != "ok" {
                problem = "SQLite finds the database inside damaged (\(check))"
            } else if version != manifest.schemaVersion {
                problem = "the database inside has schema \(version), "
                    + "its manifest says \(manifest.schemaVersion)"
            } else {
                problem = nil
            }
        } catch {
            problem = "SQLite cannot open the database inside (\(error))"
        }
        if let problem {
            throw SnapshotError.damaged(.damaged, path: snapshotPath, cause: problem)
        }
    }

    /// Opens the file through MirrorStore, which runs any missing migrations.
    private func migrate(snapshotPath: String) throws {
        do {
            // The database closes when this last reference goes away at the end of the call.
            _ = try MirrorDatabase.open(path: path)
        } catch let error as MirrorStoreError {
            if error.kind == .schemaTooNew {
                throw SnapshotError(
                    .tooNew, path: snapshotPath,
                    "\(snapshotPath) holds a database from a newer sentry-mirror "
                        + "(\(error.message)). Nothing was changed; upgrade sentry-mirror.")
            }
            throw SnapshotError.damaged(
                .damaged, path: snapshotPath,
                cause: "its database cannot be opened as a mirror (\(error.message))")
        }
    }
}
