import Foundation

/// What a snapshot says about itself: format, schema, origin, contents and checksum.
///
/// Export writes the manifest as JSON into the gzip header's FEXTRA field
/// (subfield `SM`), where `gunzip` skips it, so the gzip content stays the
/// plain SQLite file. An NDJSON snapshot carries the same manifest both there
/// and as its first line. See docs/ARCHITECTURE.md, section Snapshot.
public struct SnapshotManifest: Sendable, Codable, Equatable {
    /// The value of ``kind`` in every sentry-mirror snapshot.
    public static let expectedKind = "sentry-mirror-snapshot"
    /// The newest manifest layout this build writes and reads.
    public static let currentFormatVersion = 1

    /// Always ``expectedKind``; tells our snapshots apart from other gzip files.
    public var kind: String
    /// The layout of this manifest and of the snapshot around it.
    public var formatVersion: Int
    /// What the gzip stream holds.
    public var format: SnapshotFormat
    /// The database's `PRAGMA user_version` when the snapshot was taken.
    public var schemaVersion: Int
    /// The organizations mirrored in the snapshot, sorted.
    public var organizations: [String]
    /// When the snapshot was taken (local clock; it takes part in no conflict).
    public var createdAt: Date
    /// Rows per table in the snapshot (after pending mutations were left out).
    public var rowCounts: [String: Int]
    /// Whether pending mutations (the outbox) are in the snapshot.
    public var includesPending: Bool
    /// The size in bytes of the uncompressed database (SQLite format only).
    public var databaseSize: Int64?
    /// The SHA-256 of the uncompressed database as lowercase hex (SQLite format only).
    public var databaseSHA256: String?

    /// Creates a manifest; export fills it in, tests build their own.
    public init(
        format: SnapshotFormat,
        schemaVersion: Int,
        organizations: [String],
        createdAt: Date,
        rowCounts: [String: Int],
        includesPending: Bool,
        databaseSize: Int64? = nil,
        databaseSHA256: String? = nil
    ) {
        kind = Self.expectedKind
        formatVersion = Self.currentFormatVersion
        self.format = format
        self.schemaVersion = schemaVersion
        self.organizations = organizations
        self.createdAt = createdAt
        self.rowCounts = rowCounts
        self.includesPending = includesPending
        self.databaseSize = databaseSize
        self.databaseSHA256 = databaseSHA256
    }
}

extension SnapshotManifest {
    /// The FEXTRA subfield identifier under which the manifest is stored.
    static let extraSubfieldID: [UInt8] = Array("SM".utf8)

    /// The manifest as compact JSON with sorted keys (stable across runs).
    func encodedJSON() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return Array(try encoder.encode(self))
    }

    /// Decodes a manifest from JSON; throws when it is not one.
    static func decode(json: [UInt8]) throws -> SnapshotManifest {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(SnapshotManifest.self, from: Data(json))
    }

    /// What export writes as the checksum until the digest is known: 64 zeros.
    static let checksumPlaceholder = String(repeating: "0", count: 64)

    /// Where the placeholder checksum's digits start within `extraField`'s subfield data.
    ///
    /// The key is searched with its quotes: inside any other JSON string a
    /// quote would be escaped, so this sequence occurs only once.
    func checksumPlaceholderOffset(inExtraField extraField: [UInt8]) -> Int? {
        let needle = Array(#""databaseSHA256":""#.utf8) + Array(Self.checksumPlaceholder.utf8)
        let data = extraField.dropFirst(4)
        guard data.count >= needle.count else { return nil }
        for start in data.startIndex...(data.endIndex - needle.count)
        where data[start..<start + needle.count].elementsEqual(needle) {
            return start - data.startIndex + needle.count - Self.checksumPlaceholder.utf8.count
        }
        return nil
    }

    /// The FEXTRA payload that carries this manifest.
    func gzipExtraField() throws -> [UInt8] {
        GzipHeader.extraField(identifier: Self.extraSubfieldID, data: try encodedJSON())
    }
}
