import Foundation

extension SnapshotExporter {
    /// The tables an NDJSON snapshot carries, in the order written; each line's entity.
    static let ndjsonEntities = [
        "teams", "members", "projects", "team_members", "project_teams", "journal",
    ]

    /// Writes the manifest line and one line per row, all read inside one transaction.
    static func exportNDJSON(
        databasePath: String,
        to destination: String,
        includePending: Bool,
        createdAt: Date,
        progress: (SnapshotProgress) -> Void
    ) throws -> SnapshotManifest {
        guard includePending else {
            // Rows that pending mutations created or changed must leave with them:
            // read from a copy whose outbox was dropped as `pending drop` does.
            let copyPath = FileSystem.temporarySibling(of: destination, purpose: "copy")
            defer {
                for suffix in ["", "-journal", "-wal", "-shm"] {
                    FileSystem.removeIfPresent(copyPath + suffix)
                }
            }
            try copyDatabase(from: databasePath, to: copyPath)
            _ = try prepareCopy(copyPath, includePending: false)
            return try writeRows(
                of: copyPath, to: destination, includePending: false,
                createdAt: createdAt, progress: progress)
        }
        return try writeRows(
            of: databasePath, to: destination, includePending: true,
            createdAt: createdAt, progress: progress)
    }

    /// Writes the NDJSON of the database at `databasePath` as it is, with its
    /// outbox when `includePending`.
    private static func writeRows(
        of databasePath: String,
        to destination: String,
        includePending: Bool,
        createdAt: Date,
        progress: (SnapshotProgress) -> Void
    ) throws -> SnapshotManifest {
        let connection = try openSource(databasePath)
        do {
            // One read transaction: counts and rows come from the same point in time.
            try connection.execute("BEGIN")
            defer { try? connection.execute("COMMIT") }
            let existing = Set(try DatabaseInventory.tableNames(connection))
            let entities = (ndjsonEntities + (includePending ? ["outbox"] : []))
                .filter(existing.contains)
            let manifest = try ndjsonManifest(
                connection, entities: entities, includePending: includePending,
                createdAt: createdAt)
            try writeNDJSON(
                connection, entities: entities, manifest: manifest, to: destination,
                progress: progress)
            return manifest
        } catch let error as SnapshotError {
            throw error
        } catch {
            throw databaseError(databasePath, error)
        }
    }

    private static func ndjsonManifest(
        _ connection: RawConnection, entities: [String], includePending: Bool, createdAt: Date
    ) throws -> SnapshotManifest {
        let inventory = try DatabaseInventory(reading: connection)
        return SnapshotManifest(
            format: .ndjson,
            schemaVersion: inventory.schemaVersion,
            organizations: inventory.organizations,
            createdAt: createdAt,
            rowCounts: inventory.rowCounts.filter { entities.contains($0.key) },
            includesPending: includePending)
    }

    private static func writeNDJSON(
        _ connection: RawConnection,
        entities: [String],
        manifest: SnapshotManifest,
        to destination: String,
        progress: (SnapshotProgress) -> Void
    ) throws {
        let total = Int64(manifest.rowCounts.values.reduce(0, +))
        // The header copy of the manifest lets `import` recognise an NDJSON snapshot.
        let extra = (try? extraField(for: manifest, destination: destination)) ?? []
        let output: AtomicFile
        let gzip: GzipWriter
        do {
            output = try AtomicFile(destination: destination)
            gzip = try GzipWriter(
                output: output.descriptor, level: Tuning.deflateLevel, extraField: extra,
                modificationTime: UInt32(clamping: Int(manifest.createdAt.timeIntervalSince1970)),
                bufferSize: Tuning.bufferSize)
        } catch {
            throw SnapshotError.writing(destination, error)
        }

        // Lines are gathered into a buffer so that zlib sees large writes, not one per row.
        var pending = JSONLineEncoder.manifestLine(try manifest.encodedJSON())
        var rows: Int64 = 0
        let flush = { (lines: inout [UInt8]) throws in
            do {
                try gzip.write(lines)
            } catch {
                throw SnapshotError.writing(destination, error)
            }
            lines.removeAll(keepingCapacity: true)
        }
        for entity in entities {
            let order = entity == "journal" ? "seq" : entity == "outbox" ? "id" : "1, 2, 3"
            let sql = "SELECT * FROM \(DatabaseInventory.quoted(entity)) ORDER BY \(order)"
            try connection.forEachRow(sql) { row in
                pending.append(contentsOf: JSONLineEncoder.line(entity: entity, row: row))
                rows += 1
                if pending.count >= Tuning.bufferSize {
                    try flush(&pending)
                    progress(SnapshotProgress(phase: .compressing, completed: rows, total: total))
                }
            }
        }
        try flush(&pending)
        progress(SnapshotProgress(phase: .compressing, completed: rows, total: total))

        do {
            try gzip.finish()
            try output.commit()
        } catch {
            throw SnapshotError.writing(destination, error)
        }
    }
}
