/// A snapshot export or import that failed, worded for the person who ran it.
///
/// ``description`` names the file, the cause and the fix; ``code`` tells
/// failures apart for callers and tests. Codes are a struct with named
/// constants rather than an enum, so that new ones break no `switch`.
public struct SnapshotError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String

        private init(_ name: String) { self.name = name }

        public var description: String { name }

        /// The file is not gzip at all.
        public static let notGzip = Code("notGzip")
        /// The gzip stream ends before its trailer.
        public static let truncated = Code("truncated")
        /// The gzip data is corrupt, fails its CRC, or expands beyond its manifest.
        public static let damaged = Code("damaged")
        /// The file is gzip but carries no sentry-mirror manifest.
        public static let notASnapshot = Code("notASnapshot")
        /// The database inside does not match the manifest's checksum or size.
        public static let checksumMismatch = Code("checksumMismatch")
        /// The snapshot was made by a newer sentry-mirror (schema or format).
        public static let tooNew = Code("tooNew")
        /// The snapshot holds something import cannot restore (an NDJSON export).
        public static let unsupportedFormat = Code("unsupportedFormat")
        /// The mirror to be replaced has pending mutations and `force` was not given.
        public static let pendingMutations = Code("pendingMutations")
        /// Another process has the mirror open.
        public static let databaseInUse = Code("databaseInUse")
        /// The mirror database could not be read, copied or opened.
        public static let database = Code("database")
        /// A file could not be read, written, synced or renamed.
        public static let fileSystem = Code("fileSystem")
    }

    /// The kind of failure.
    public var code: Code
    /// The file the failure is about (the snapshot or the database).
    public var path: String
    /// One or more sentences: what happened to `path` and what to do about it.
    public var description: String

    init(_ code: Code, path: String, _ description: String) {
        self.code = code
        self.path = path
        self.description = description
    }
}

extension SnapshotError {
    /// The wording shared by every way a snapshot file can be unreadable.
    static func damaged(_ code: Code, path: String, cause: String) -> SnapshotError {
        SnapshotError(
            code, path: path,
            "\(path) is damaged or not a sentry-mirror snapshot: \(cause). "
                + "Nothing was changed; export the snapshot again or copy it again in full."
        )
    }

    /// Turns a gzip failure while reading `path` into the user's error.
    static func reading(_ path: String, _ error: GzipError) -> SnapshotError {
        switch error {
        case .notGzip:
            damaged(.notGzip, path: path, cause: "it is not a gzip file")
        case .truncated:
            damaged(.truncated, path: path, cause: "the gzip stream ends early (a partial copy?)")
        case .corrupt(let message):
            damaged(.damaged, path: path, cause: "the gzip data is corrupt (\(message))")
        case .trailingData:
            damaged(.damaged, path: path, cause: "unexpected bytes follow the gzip stream")
        case .exceedsLimit(let limit):
            damaged(
                .damaged, path: path,
                cause: "it expands beyond \(limit) bytes, more than its manifest announces")
        case .zlib, .system:
            SnapshotError(
                .fileSystem, path: path,
                "Could not read \(path): \(error). Nothing was changed; check the file and retry.")
        }
    }

    /// Turns a failure writing `path` into the user's error.
    static func writing(_ path: String, _ cause: any Error) -> SnapshotError {
        SnapshotError(
            .fileSystem, path: path,
            "Could not write \(path): \(cause). Check that the folder exists, is writable "
                + "and has free space, then retry.")
    }
}
