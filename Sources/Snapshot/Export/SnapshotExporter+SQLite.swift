import Foundation

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
        }

        progress(SnapshotProgress(phase: .copying, completed: 0, total: 0))
        try copyDatabase(from: databasePath, to: copyPath)
        let inventory = try prepareCopy(copyPath, includePending: includePending)

        let (size, digest) = try checksum(of: copyPath, progress: progress)
        let manifest = SnapshotManifest(
            format: .sqlite,
            schemaVersion: inventory.schemaVersion,
            organizations: inventory.organizations,
            createdAt: createdAt,
            rowCounts: inventory.rowCounts,
            includesPending: includePending,
            databaseSize: size,
            databaseSHA256: digest)

        try compress(copyPath, size: size, manifest: manifest, to: destination, progress: progress)
        return manifest
    }

    /// Takes the point-in-time copy with `VACUUM INTO`, inside one read transaction.
    private static func copyDatabase(from source: String, to copyPath: String) throws {
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
    /// Deleted outbox rows would linger in free pages, so the copy is vacuumed
    /// again when any were removed. Rollback-journal mode makes the file open
    /// on its own, without a -wal beside it, also on a read-only medium.
    private static func prepareCopy(
        _ copyPath: String, includePending: Bool
    ) throws -> DatabaseInventory {
        do {
            let copy = try RawConnection(path: copyPath, mode: .readWrite)
            try copy.execute("PRAGMA journal_mode = DELETE")
            let tables = try DatabaseInventory.tableNames(copy)
            if !includePending, tables.contains("outbox"),
                try copy.integer("SELECT count(*) FROM outbox") ?? 0 > 0
            {
                try copy.execute("DELETE FROM outbox")
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

    /// Reads the copy once for its size and SHA-256.
    private static func checksum(
        of path: String, progress: (SnapshotProgress) -> Void
    ) throws -> (size: Int64, sha256: String) {
        let total = FileSystem.size(of: path) ?? 0
        var hash = SHA256()
        var size: Int64 = 0
        try forEachChunk(of: path) { chunk in
            hash.update(chunk)
            size += Int64(chunk.count)
            progress(SnapshotProgress(phase: .checksumming, completed: size, total: total))
        }
        return (size, SHA256.hex(hash.finalize()))
    }

    /// Streams the copy through gzip into the destination, with the manifest in the header.
    private static func compress(
        _ copyPath: String,
        size: Int64,
        manifest: SnapshotManifest,
        to destination: String,
        progress: (SnapshotProgress) -> Void
    ) throws {
        let extra = try extraField(for: manifest, destination: destination)
        do {
            let output = try AtomicFile(destination: destination)
            let gzip = try GzipWriter(
                output: output.descriptor, level: Tuning.deflateLevel, extraField: extra,
                modificationTime: UInt32(clamping: Int(manifest.createdAt.timeIntervalSince1970)),
                bufferSize: Tuning.bufferSize)
            try forEachChunk(of: copyPath) { chunk in
                try gzip.write(chunk)
                progress(SnapshotProgress(phase: .compressing, completed: gzip.bytesIn, total: size))
            }
            try gzip.finish()
            try output.commit()
        } catch let error as SnapshotError {
            throw error
        } catch {
            throw SnapshotError.writing(destination, error)
        }
    }

    /// Calls `body` with successive pieces of the file at `path`, one buffer at a time.
    static func forEachChunk(
        of path: String, _ body: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        let input: FileDescriptor
        do {
            input = try FileDescriptor.openForReading(path)
        } catch {
            throw SnapshotError(
                .fileSystem, path: path, "Could not read \(path): \(error). Retry the export.")
        }
        let buffer = UnsafeMutableRawBufferPointer.allocate(
            byteCount: Tuning.bufferSize, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count: Int
            do {
                count = try input.read(into: buffer)
            } catch {
                throw SnapshotError(
                    .fileSystem, path: path, "Could not read \(path): \(error). Retry the export.")
            }
            if count == 0 { return }
            try body(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
        }
    }
}
