import CSQLite
import FoundationEssentials

/// One open SQLite connection, the only owner of its `sqlite3*` handle.
///
/// Read-write connections run in WAL mode with a 5 second busy timeout and
/// `synchronous=NORMAL`; transactions that must survive a power loss (local
/// writes, outbox state changes) pass `durable: true`, which syncs the WAL at
/// commit. NORMAL is enough for pull pages: a commit survives a crash of the
/// process either way, and a page lost to a power cut is pulled again (an
/// interrupted listing deletes nothing).
///
/// A connection is used from one thread at a time and is not `Sendable`.
public final class SQLiteConnection {
    /// The file this connection opened.
    public let path: String
    /// Whether the connection was opened with `SQLITE_OPEN_READONLY`.
    public let isReadOnly: Bool

    /// The page size of the databases this type creates, in bytes.
    static let pageSize = 8192

    let handle: OpaquePointer
    private var cache: [String: Statement] = [:]
    private var isInTransaction = false

    /// Opens (and for read-write, creates) the database file at `path`.
    ///
    /// - Throws: ``MirrorStoreError`` when the file cannot be opened.
    public init(path: String, readOnly: Bool = false) throws {
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        flags |= readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        var opened: OpaquePointer?
        let code = sqlite3_open_v2(path, &opened, flags, nil)
        // sqlite3_open_v2 hands back a handle even when it fails; it must be closed.
        guard code == SQLITE_OK, let opened else {
            let message = opened.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(opened)
            throw MirrorStoreError(
                kind: .sqlite, code: code,
                message: "cannot open the database \(path): \(message); "
                    + Self.openingHint(path)
            )
        }
        self.handle = opened
        self.path = path
        self.isReadOnly = readOnly
        sqlite3_busy_timeout(opened, 5_000)
        do {
            try configure()
        } catch let error as MirrorStoreError where error.code & 0xFF == SQLITE_READONLY {
            throw MirrorStoreError(
                kind: .sqlite, code: error.code,
                message: "cannot write to the mirror \(path): the file or its folder is "
                    + "read-only (SQLite keeps its write-ahead log beside the file); make both "
                    + "writable, or copy the mirror to a writable folder and pass --db"
            )
        }
    }

    /// What to check when `path` cannot be opened, from what stands there.
    private static func openingHint(_ path: String) -> String {
        let type = (try? FileManager.default.attributesOfItem(atPath: path))?[.type]
        switch type as? FileAttributeType {
        case .typeDirectory?:
            return "it is a folder; pass --db with a file path such as \(path)/mirror.sqlite"
        case .some:
            return "check that the file is readable and writable by you"
        case nil:
            return "check that the folder exists and is writable"
        }
    }

    deinit {
        cache.removeAll()  // Statements finalize in their deinit, before the close below.
        sqlite3_close_v2(handle)
    }

    private func configure() throws {
        if isReadOnly {
            try execute("PRAGMA query_only = ON")
            return
        }
        // Applies to a new file only (an existing database keeps its page size).
        // The entity tables are WITHOUT ROWID b-trees, which keep at most about
        // a quarter of a page in place: with 4 KiB pages a member row of ~900
        // bytes spilled onto an overflow page of its own, 3 KiB of it empty,
        // which doubled the bytes a pull writes.
        try execute("PRAGMA page_size = \(Self.pageSize)")
        // Forces SQLite to read the header, so a file that is not a database fails here.
        try execute("PRAGMA journal_mode = WAL")
        try execute("PRAGMA synchronous = NORMAL")
        try execute("PRAGMA foreign_keys = OFF")
    }

    /// Runs one or more statements that return no rows the caller needs.
    ///
    /// - Throws: ``MirrorStoreError`` carrying the SQL that failed.
    public func execute(_ sql: String) throws {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        sqlite3_free(errorMessage)
        try check(code, sql: sql)
    }

    /// Compiles `sql` into a statement the caller owns.
    func makeStatement(_ sql: String) throws -> Statement {
        try Statement(connection: self, sql: sql)
    }

    /// A prepared statement for `sql` kept for reuse, reset and cleared of bindings.
    ///
    /// Hot paths (one statement per row of a pull page) use this so that each
    /// SQL text is compiled once per connection.
    func cachedStatement(_ sql: String) throws -> Statement {
        if let statement = cache[sql] {
            statement.reset()
            return statement
        }
        let statement = try makeStatement(sql)
        cache[sql] = statement
        return statement
    }

    /// Runs `body` inside `BEGIN IMMEDIATE` … `COMMIT`, rolling back when it throws.
    ///
    /// `durable` syncs the write-ahead log at commit (`synchronous=FULL`), for
    /// writes that must survive a power loss once this returns. Nesting is a
    /// programmer error.
    ///
    /// - Throws: what `body` throws, or ``MirrorStoreError`` from SQLite.
    public func transaction<T>(durable: Bool = false, _ body: () throws -> T) throws -> T {
        precondition(!isInTransaction, "MirrorStore transactions do not nest")
        if durable { try execute("PRAGMA synchronous = FULL") }
        defer {
            if durable { try? execute("PRAGMA synchronous = NORMAL") }
        }
        try execute("BEGIN IMMEDIATE")
        isInTransaction = true
        defer { isInTransaction = false }
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            if sqlite3_get_autocommit(handle) == 0 { try? execute("ROLLBACK") }
            throw error
        }
    }

    /// Throws a ``MirrorStoreError`` unless `code` reports success.
    func check(_ code: Int32, sql: String?) throws {
        guard code != SQLITE_OK, code != SQLITE_ROW, code != SQLITE_DONE else { return }
        throw makeError(code: code, sql: sql)
    }

    /// The error for a failed result code, worded for users.
    func makeError(code: Int32, sql: String?) -> MirrorStoreError {
        let detail = String(cString: sqlite3_errmsg(handle))
        switch code & 0xFF {
        case SQLITE_NOTADB:
            return MirrorStoreError(
                kind: .notAMirror, code: code,
                message: "the file \(path) is not a sentry-mirror database "
                    + "(it is not SQLite); pass --db with the path of a mirror", sql: sql)
        case SQLITE_CORRUPT:
            return MirrorStoreError(
                kind: .damaged, code: code,
                message: "the database \(path) is damaged (\(detail)); "
                    + "restore it from a snapshot with `import`, or delete it and pull again",
                sql: sql)
        case SQLITE_BUSY, SQLITE_LOCKED:
            return MirrorStoreError(
                kind: .busy, code: code,
                message: "the database \(path) is locked by another sentry-mirror process; "
                    + "try again when that one is done", sql: sql)
        default:
            return MirrorStoreError(
                kind: .sqlite, code: code, message: "SQLite failed on \(path): \(detail)",
                sql: sql)
        }
    }
}

@available(*, unavailable, message: "a connection is used from one thread at a time")
extension SQLiteConnection: Sendable {}
