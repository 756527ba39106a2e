import MirrorStore

/// Restores a mirror database from a snapshot, verifying everything before replacing anything.
///
/// Import runs in two halves. The first reads and checks without touching
/// the existing mirror: the gzip header and its manifest, the schema version,
/// the pending mutations of the mirror to be replaced, then the whole gzip
/// stream (every block, the CRC-32 and length in its trailer) decompressed
/// into a temporary file beside the destination, whose size and SHA-256 must
/// match the manifest. That file is synced, checked by SQLite, and migrated
/// through ``MirrorDatabase/open(path:now:)`` when it comes from an older
/// schema. The second half renames it over the destination and syncs the
/// folder. A failure in the first half leaves the existing database, and any
/// -wal or -shm beside it, as they were.
///
/// Decompression stops one byte past the size the manifest announces (and
/// never goes past ``hardSizeLimit``), so a compression bomb costs almost
/// nothing.
///
/// ```swift
/// let manifest = try SnapshotImporter.import(
///     from: "snap.gz", databasePath: "mirror.sqlite", force: false)
/// ```
public enum SnapshotImporter {
    /// The largest database import will ever write, whatever a manifest says (16 GiB).
    public static let hardSizeLimit: Int64 = 16 << 30

    /// Verifies the snapshot at `snapshotPath` and makes it the mirror at `databasePath`.
    ///
    /// - Parameters:
    ///   - force: replace the mirror even when it holds pending mutations
    ///     (they are lost), or when it cannot be read at all.
    /// - Returns: the manifest of the imported snapshot.
    /// - Throws: ``SnapshotError``: `.notGzip`, `.truncated`, `.damaged`,
    ///   `.notASnapshot`, `.checksumMismatch` for a bad file; `.tooNew` for a
    ///   snapshot from a newer sentry-mirror; `.unsupportedFormat` for NDJSON;
    ///   `.pendingMutations` without `force`; `.databaseInUse` while another
    ///   process has the mirror open.
    @discardableResult
    public static func `import`(
        from snapshotPath: String, databasePath: String, force: Bool = false
    ) throws -> SnapshotManifest {
        try `import`(
            from: snapshotPath, databasePath: databasePath, force: force,
            sizeLimit: hardSizeLimit)
    }

    /// ``import(from:databasePath:force:)`` with a chosen hard size limit, for tests.
    static func `import`(
        from snapshotPath: String, databasePath: String, force: Bool, sizeLimit: Int64
    ) throws -> SnapshotManifest {
        let snapshot = try SnapshotFile(path: snapshotPath, sizeLimit: sizeLimit)
        let manifest = snapshot.manifest
        try checkCompatible(manifest, snapshotPath: snapshotPath)
        let target = ImportTarget(path: databasePath)
        try target.checkReplaceable(force: force)

        let staging = StagedDatabase(beside: databasePath)
        try snapshot.decompress(into: staging)
        try staging.verifyAndMigrate(manifest: manifest, snapshotPath: snapshotPath)

        try target.replace(with: staging, force: force)
        return manifest
    }

    /// Refuses formats and schemas this build cannot restore.
    private static func checkCompatible(
        _ manifest: SnapshotManifest, snapshotPath: String
    ) throws {
        guard manifest.format == .sqlite else {
            throw SnapshotError(
                .unsupportedFormat, path: snapshotPath,
                "\(snapshotPath) is an NDJSON export, which is meant for other tools and "
                    + "cannot be imported; import a snapshot made with `sentry-mirror export "
                    + "FILE` (the default SQLite format).")
        }
        let latest = MirrorDatabase.latestSchemaVersion
        guard manifest.schemaVersion <= latest else {
            throw SnapshotError(
                .tooNew, path: snapshotPath,
                "\(snapshotPath) was made by a newer sentry-mirror (schema "
                    + "\(manifest.schemaVersion); this build knows up to \(latest)). "
                    + "Nothing was changed; upgrade sentry-mirror and import it again.")
        }
    }
}
