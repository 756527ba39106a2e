import Foundation
import MirrorStore

extension SnapshotExporter {
    /// Copies the database, trims the copy, checksums it and compresses it to `destination`.
    static func exportSQLite(
        databasePath: String,
        to destination: String,
        includePending: Bool,
        createdAt: Date,
        progress: (SnapshotProgress) -> Void
    ) throws -> SnapshotManifest {
        let copyPath = FileSystem.temporarySibling(of: destination, purpose: "copy")
        defer {
            FileSystem.removeIfPresent(copyPath)
            FileSystem.removeIfPresent(copyPath + "-journal")
            FileSystem.removeIfPresent(copyPath + "-wal")
            FileSystem.removeIfPresent(copyPath + "-shm")
        }

        progress(SnapshotProgress(phase: .copying, completed: 0, total: 0))
        try copyDatabase(from: databasePath, to: copyPath)
        let inventory = try prepareCopy(copyPath, includePending: includePending)

        guard let size = FileSystem.size(of: copyPath) else {
            throw SnapshotError(
                .fileSystem, path: copyPath,
                "The copy \(copyPath) of the mirror vanished during export; retry.")
        }
        // The checksum is computed while compressing and patched into the header afterwards.
        var manifest = SnapshotManifest(
            format: .sqlite,
            schemaVersion: inventory.schemaVersion,
            organizations: inventory.organizations,
            createdAt: createdAt,
            rowCounts: inventory.rowCounts,
            includesPending: includePending,
            databaseSize: size,
            databaseSHA256: SnapshotManifest.checksumPlaceholder)

        manifest.databaseSHA256 = try compress(
            copyPath, manifest: manifest, to: destination, progress: progress)
        return manifest
    }

    /// Takes the point-in-time copy with `VACUUM INTO`, inside one read transaction.
    static func copyDatabase(from source: String, to copyPath: String) throws {
        let connection = try openSource(source)
        do {
            try connection.forEachRow("VACUUM INTO ?", bindings: [copyPath]) { _ in }
            try connection.close()
        } catch {
            throw databaseError(source, error)
        }
    }

    /// Leaves pending mutations out unless asked, and makes the copy a single file.
    ///
    /// Their effects leave the copy's local view with them: a snapshot without
    /// the outbox must not show an invite only the outbox explains.
    /// Deleted outbox rows would linger in free pages, so the copy is vacuumed
    /// again when any were removed. Rollback-journal mode makes the file open
    /// on its own, without a -wal beside it, also on a read-only medium.
    static func prepareCopy(
        _ copyPath: String, includePending: Bool
    ) throws -> DatabaseInventory {
        do {
            var copy = try RawConnection(path: copyPath, mode: .readWrite)
            try copy.execute("PRAGMA journal_mode = DELETE")
            let tables = try DatabaseInventory.tableNames(copy)
            if !includePending, tables.contains("outbox"),
                try copy.integer("SELECT count(*) FROM outbox") ?? 0 > 0
            {
                try copy.close()
                try dropPendingMutations(copyPath)
                copy = try RawConnection(path: copyPath, mode: .readWrite)
                try copy.execute("PRAGMA journal_mode = DELETE")
                try copy.execute("VACUUM")
            }
            let inventory = try DatabaseInventory(reading: copy)
            try copy.close()
            return inventory
        } catch let error as SnapshotError {
            throw error
        } catch {
            throw SnapshotError(
                .database, path: copyPath,
                "Could not prepare the copy \(copyPath) of the mirror: \(error). "
                    + "Check free space in that folder and retry.")
        }
    }

    /// Drops every pending mutation of the copy the way `pending drop` does, so
    /// that the local view is rebased without them (invariant 4) and the
    /// journal records their effects going away.
    private static func dropPendingMutations(_ copyPath: String) throws {
        let mirror = try MirrorDatabase.open(path: copyPath)
        for mutation in try mirror.pendingMutations() {
            try mirror.drop(id: mutation.id)
        }
    }

    /// Streams the copy through gzip into the destination and returns its SHA-256.
    ///
    /// The file is read once: each chunk is deflated here and hashed on a
    /// second thread. The manifest goes into the header with a placeholder
    /// checksum, which is overwritten in place once the digest is known; the
    /// gzip header has no CRC of its own (FHCRC is not set), so this is sound.
    private static func compress(
        _ copyPath: String,
        manifest: SnapshotManifest,
        to destination: String,
        progress: (SnapshotProgress) -> Void
    ) throws -> String {
        let extra = try extraField(for: manifest, destination: destination)
        guard let placeholder = manifest.checksumPlaceholderOffset(inExtraField: extra) else {
            preconditionFailure("the manifest was encoded without its checksum placeholder")
        }
        let size = manifest.databaseSize ?? 0
        do {
            let output = try AtomicFile(destination: destination)
            let gzip = try GzipWriter(
                output: output.descriptor, level: Tuning.deflateLevel, extraField: extra,
                modificationTime: UInt32(clamping: Int(manifest.createdAt.timeIntervalSince1970)),
                bufferSize: Tuning.bufferSize)
            let digest = try compressAndHash(copyPath, into: gzip) { done in
                progress(SnapshotProgress(phase: .compressing, completed: done, total: size))
            }
            try gzip.finish()
            guard gzip.bytesIn == size else {
                throw SnapshotError(
                    .fileSystem, path: copyPath,
                    "The copy \(copyPath) changed size while it was compressed; retry.")
            }
            let offset = Int64(GzipHeader.extraFieldOffset + placeholder)
            try Array(digest.utf8).withUnsafeBytes { bytes in
                try output.descriptor.write(bytes, at: offset)
            }
            try output.commit()
            return digest
        } catch let error as SnapshotError {
            throw error
        } catch {
            throw SnapshotError.writing(destination, error)
        }
    }

    /// Reads `path` once into a ring of buffers, deflating here and hashing on another thread.
    private static func compressAndHash(
        _ path: String, into gzip: GzipWriter, progress: (Int64) -> Void
    ) throws -> String {
        let input = try openForExport(path)
        let hasher = BackgroundHasher(slotSize: Tuning.bufferSize)
        var slot = 0
        while true {
            hasher.waitUntilFree(slot)
            let count: Int
            do {
                count = try input.read(into: hasher.slots[slot])
            } catch {
                hasher.release(slot)
                throw readError(path, error)
            }
            guard count > 0 else {
                hasher.release(slot)
                return hasher.finalize()
            }
            hasher.hash(slot: slot, count: count)
            try gzip.write(UnsafeRawBufferPointer(rebasing: hasher.slots[slot][..<count]))
            progress(gzip.bytesIn)
            slot = (slot + 1) % hasher.slots.count
        }
    }

    private static func openForExport(_ path: String) throws -> FileDescriptor {
        do {
            return try FileDescriptor.openForReading(path)
        } catch {
            throw readError(path, error)
        }
    }

    private static func readError(_ path: String, _ error: any Error) -> SnapshotError {
        SnapshotError(
            .fileSystem, path: path, "Could not read \(path): \(error). Retry the export.")
    }
}
