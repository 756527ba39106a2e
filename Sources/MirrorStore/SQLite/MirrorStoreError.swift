/// An error of the mirror database, with what failed and how to fix it.
///
/// SQLite failures carry the result code, SQLite's message and the SQL that
/// failed; statement arguments are never included, so no value written to
/// the database (a token, an e-mail) can leak through an error.
public struct MirrorStoreError: Error, Sendable, Equatable {
    /// What kind of failure this is; new kinds may be added.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        fileprivate let name: String
        public var description: String { name }

        /// SQLite returned an error code not covered by a more precise kind.
        public static let sqlite = Kind(name: "sqlite")
        /// The file exists but is not an SQLite database, or not ours.
        public static let notAMirror = Kind(name: "notAMirror")
        /// SQLite found the file damaged.
        public static let damaged = Kind(name: "damaged")
        /// The database was written by a newer build than this one.
        public static let schemaTooNew = Kind(name: "schemaTooNew")
        /// A read-only connection needs a migration it cannot run.
        public static let schemaTooOld = Kind(name: "schemaTooOld")
        /// Another process held the database longer than the busy timeout.
        public static let busy = Kind(name: "busy")
        /// A statement given to the read-only query would write.
        public static let queryNotReadOnly = Kind(name: "queryNotReadOnly")
        /// Sentry's JSON lacked a field the mirror needs.
        public static let invalidRecord = Kind(name: "invalidRecord")
        /// A stored value could not be read back (for example bad JSON).
        public static let invalidStoredValue = Kind(name: "invalidStoredValue")
    }

    /// What kind of failure this is.
    public let kind: Kind
    /// The SQLite result code (extended), or 0 when SQLite did not fail.
    public let code: Int32
    /// The sentence shown to users: the cause and the fix.
    public let message: String
    /// The SQL that failed, when there was one.
    public let sql: String?

    /// Makes an error; `message` must say what to do.
    public init(kind: Kind, code: Int32 = 0, message: String, sql: String? = nil) {
        self.kind = kind
        self.code = code
        self.message = message
        self.sql = sql
    }
}

extension MirrorStoreError: CustomStringConvertible {
    /// The user-facing sentence; the SQL is left to ``debugDescription``.
    public var description: String { message }
}

extension MirrorStoreError: CustomDebugStringConvertible {
    /// The sentence plus code and SQL, for logs and bug reports.
    public var debugDescription: String {
        var text = "\(message) (\(kind), code \(code))"
        if let sql { text += " in: \(sql)" }
        return text
    }
}
