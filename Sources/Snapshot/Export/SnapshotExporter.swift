import Foundation

/// Writes a compressed, self-describing copy of a mirror database.
///
/// The SQLite format is a point-in-time copy of the database (`VACUUM INTO`,
/// which reads inside one transaction, so a pull running meanwhile cannot
/// tear it), compressed as one standard gzip member: `gunzip` gives back a
/// plain SQLite file that `sqlite3` opens. The ``SnapshotManifest`` travels as
/// JSON in the gzip header's FEXTRA field, subfield `SM`, which `gunzip`
/// ignores; it holds the size and SHA-256 of the uncompressed database.
///
/// The NDJSON format is gzip-compressed JSON lines for consumers that do not
/// speak SQLite: a manifest line, then one `{"entity":…,"row":{…}}` line per
/// row of the local view (teams, members, projects, team_members,
/// project_teams) and the journal.
///
/// Pending mutations (the `outbox` table) are left out unless
/// `includePending` is set; in the SQLite format their rows are deleted from
/// the copy and the copy is vacuumed so no trace remains in free pages. The
/// mirror holds no auth token, so neither does a snapshot.
///
/// ```swift
/// let manifest = try SnapshotExporter.export(
///     databasePath: "mirror.sqlite", to: "snap.gz")
/// ```
public enum SnapshotExporter {
    /// Writes a snapshot of the database at `databasePath` to `destination`.
    ///
    /// The snapshot is written to a temporary file beside `destination` and
    /// renamed over it once complete and synced, so a failure leaves any
    /// earlier file at `destination` as it was. Memory use is bounded by a
    /// few 256 KiB buffers whatever the database size.
    ///
    /// - Parameters:
    ///   - format: ``SnapshotFormat/sqlite`` (default) or ``SnapshotFormat/ndjson``.
    ///   - includePending: keep the outbox of pending mutations in the snapshot.
    ///   - progress: called from the exporting thread as work advances.
    /// - Returns: the manifest written into the snapshot.
    /// - Throws: ``SnapshotError`` naming the file and the fix.
    @discardableResult
    public static func export(
        databasePath: String,
        to destination: String,
        format: SnapshotFormat = .sqlite,
        includePending: Bool = false,
        progress: ((SnapshotProgress) -> Void)? = nil
    ) throws -> SnapshotManifest {
        try export(
            databasePath: databasePath, to: destination, format: format,
            includePending: includePending, createdAt: Date(), progress: progress)
    }

    /// ``export(databasePath:to:format:includePending:progress:)`` with a given creation time.
    static func export(
        databasePath: String,
        to destination: String,
        format: SnapshotFormat,
        includePending: Bool,
        createdAt: Date,
        progress: ((SnapshotProgress) -> Void)?
    ) throws -> SnapshotManifest {
        guard FileSystem.exists(databasePath) else {
            throw SnapshotError(
                .database, path: databasePath,
                "There is no mirror database at \(databasePath); run `sentry-mirror pull` "
                    + "first or pass --db with the path of your mirror.")
        }
        guard !FileSystem.isSameFile(databasePath, destination) else {
            throw SnapshotError(
                .fileSystem, path: destination,
                "\(destination) is the mirror database itself; export to another file name, "
                    + "such as mirror-snapshot.gz.")
        }
        let folder = (destination as NSString).deletingLastPathComponent
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.isEmpty ? "." : folder,
                                             isDirectory: &isFolder), isFolder.boolValue
        else {
            throw SnapshotError(
                .fileSystem, path: destination,
                "Cannot write \(destination): the folder \(folder) does not exist; create it or "
                    + "export into an existing folder.")
        }
        // The manifest stores whole seconds, so the returned value equals what import reads.
        let createdAt = Date(timeIntervalSince1970: createdAt.timeIntervalSince1970.rounded(.down))
        let report = progress ?? { _ in }
        switch format {
        case .sqlite:
            return try exportSQLite(
                databasePath: databasePath, to: destination, includePending: includePending,
                createdAt: createdAt, progress: report)
        case .ndjson:
            return try exportNDJSON(
                databasePath: databasePath, to: destination, includePending: includePending,
                createdAt: createdAt, progress: report)
        }
    }

    /// Tuning shared by both formats.
    enum Tuning {
        /// Gzip's default level: the benchmark's `gzip -6`.
        static let deflateLevel: Int32 = 6
        /// The size of every read and write buffer.
        static let bufferSize = 256 * 1024
    }

    /// Opens the mirror for reading, worded for the user when it cannot be.
    static func openSource(_ path: String) throws -> RawConnection {
        do {
            // Read-write, not read-only: a read-only connection cannot clean up the
            // WAL files on close and would leave -wal and -shm behind.
            let connection = try RawConnection(path: path, mode: .readWrite)
            _ = try connection.integer("PRAGMA user_version")
            return connection
        } catch {
            throw databaseError(path, error)
        }
    }

    /// The error for a database that could not be read or copied.
    static func databaseError(_ path: String, _ error: any Error) -> SnapshotError {
        if let sqlite = error as? RawSQLiteError, sqlite.isBusy {
            return SnapshotError(
                .databaseInUse, path: path,
                "The mirror \(path) stayed locked by another sentry-mirror process; "
                    + "retry when it is done.")
        }
        return SnapshotError(
            .database, path: path,
            "Could not read the mirror \(path): \(error). Check that it is a sentry-mirror "
                + "database (pass --db with the right path).")
    }

    /// The FEXTRA payload for `manifest`, refusing one too large for a gzip header.
    static func extraField(for manifest: SnapshotManifest, destination: String) throws -> [UInt8] {
        let json = try manifest.encodedJSON()
        guard json.count <= 65_000 else {
            throw SnapshotError(
                .database, path: destination,
                "The manifest of this mirror is \(json.count) bytes, more than a gzip header "
                    + "holds (it lists \(manifest.organizations.count) organizations); "
                    + "export with --format ndjson instead.")
        }
        return GzipHeader.extraField(identifier: SnapshotManifest.extraSubfieldID, data: json)
    }
}
