import Foundation

/// A snapshot file opened for import: its gzip stream and the manifest in its header.
///
/// Opening reads only the first buffer of the file; ``decompress(into:)``
/// then streams the rest, checking size, SHA-256, and gzip's CRC-32 and length.
final class SnapshotFile {
    let path: String
    let manifest: SnapshotManifest
    private let reader: GzipReader

    /// Opens `path` and reads the manifest from its gzip header.
    ///
    /// - Throws: ``SnapshotError`` when the file is missing, not gzip, or not ours.
    init(path: String, sizeLimit: Int64) throws {
        self.path = path
        let input: FileDescriptor
        do {
            input = try FileDescriptor.openForReading(path)
        } catch {
            throw SnapshotError(
                .fileSystem, path: path,
                "Could not open the snapshot \(path): \(error). Check the path and retry.")
        }
        do {
            reader = try GzipReader(
                input: input, limit: sizeLimit, bufferSize: SnapshotExporter.Tuning.bufferSize)
        } catch {
            throw SnapshotError.reading(path, error)
        }
        manifest = try Self.readManifest(reader.leadingBytes, path: path)
        // NDJSON snapshots carry no checksum; the importer refuses them with its own message.
        guard manifest.format == .sqlite else { return }
        guard let size = manifest.databaseSize, size >= 0,
            manifest.databaseSHA256?.utf8.count == 64
        else {
            throw SnapshotError.damaged(
                .notASnapshot, path: path, cause: "its manifest has no size or checksum")
        }
        guard size <= sizeLimit else {
            throw SnapshotError.damaged(
                .damaged, path: path,
                cause: "its manifest announces \(size) bytes, beyond the limit of \(sizeLimit)")
        }
        reader.limit = size
    }

    /// Parses the gzip header at the start of the file and decodes the manifest in it.
    private static func readManifest(
        _ leading: UnsafeRawBufferPointer, path: String
    ) throws -> SnapshotManifest {
        guard let header = GzipHeader(parsing: leading) else {
            // The magic matched (GzipReader checked it); the rest of the header is missing.
            throw SnapshotError.damaged(
                leading.count < 12 ? .truncated : .notASnapshot, path: path,
                cause: "its gzip header is incomplete")
        }
        guard let json = header.extraSubfields[SnapshotManifest.extraSubfieldID] else {
            throw SnapshotError.damaged(
                .notASnapshot, path: path,
                cause: "it is a gzip file without a sentry-mirror manifest")
        }
        // Check identity and layout first, so a newer layout is reported as such.
        guard let probe = try? ManifestProbe.decode(json: json),
            probe.kind == SnapshotManifest.expectedKind
        else {
            throw SnapshotError.damaged(
                .notASnapshot, path: path, cause: "its header holds no sentry-mirror manifest")
        }
        guard probe.formatVersion <= SnapshotManifest.currentFormatVersion else {
            throw SnapshotError(
                .tooNew, path: path,
                "\(path) was made by a newer sentry-mirror (snapshot format "
                    + "\(probe.formatVersion); this build reads up to "
                    + "\(SnapshotManifest.currentFormatVersion)). Nothing was changed; "
                    + "upgrade sentry-mirror and import it again.")
        }
        do {
            return try SnapshotManifest.decode(json: json)
        } catch {
            throw SnapshotError.damaged(
                .notASnapshot, path: path, cause: "its manifest cannot be read (\(error))")
        }
    }

    /// Streams the database out of the gzip stream into `staging`, checking it all the way.
    ///
    /// - Throws: ``SnapshotError`` for a truncated or corrupt stream, one that
    ///   expands past the manifest's size, or a size or SHA-256 mismatch.
    func decompress(into staging: StagedDatabase) throws {
        let expectedSize = manifest.databaseSize ?? 0
        let output = try staging.create()
        let buffer = UnsafeMutableRawBufferPointer.allocate(
            byteCount: SnapshotExporter.Tuning.bufferSize, alignment: 16)
        defer { buffer.deallocate() }
        var hash = SHA256()

        while true {
            let count: Int
            do {
                count = try reader.read(into: buffer)
            } catch {
                throw SnapshotError.reading(path, error)
            }
            if count == 0 { break }
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[..<count])
            hash.update(chunk)
            do {
                try output.write(chunk)
            } catch {
                throw staging.writeError(error)
            }
        }

        let digest = SHA256.hex(hash.finalize())
        guard reader.bytesOut == expectedSize, digest == manifest.databaseSHA256 else {
            throw SnapshotError(
                .checksumMismatch, path: path,
                "\(path) does not match its manifest (expected \(expectedSize) bytes with "
                    + "SHA-256 \(manifest.databaseSHA256 ?? "none"), got \(reader.bytesOut) "
                    + "bytes with \(digest)): it is damaged or was altered. Nothing was "
                    + "changed; export the snapshot again.")
        }
        try staging.finishWriting()
    }
}

/// The two manifest fields read before the rest, to recognise newer layouts.
private struct ManifestProbe: Decodable {
    var kind: String
    var formatVersion: Int

    static func decode(json: [UInt8]) throws -> ManifestProbe {
        try JSONDecoder().decode(ManifestProbe.self, from: Data(json))
    }
}
