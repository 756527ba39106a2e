import CSQLite

/// A bare SQLite connection for the snapshot's file-level work.
///
/// MirrorStore owns the mirror's schema and its queries; this type exists for
/// what happens around whole database files: `VACUUM INTO`, checkpoints,
/// integrity checks and counting rows in a copy. Not Sendable: one thread.
final class RawConnection {
    private var handle: OpaquePointer?
    /// The file the connection is open on, for error messages.
    let path: String

    /// How the file is opened.
    enum Mode {
        case readOnly, readWrite
    }

    /// Opens the existing database at `path`; never creates one.
    init(path: String, mode: Mode) throws(RawSQLiteError) {
        self.path = path
        let access = mode == .readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE
        let code = sqlite3_open_v2(path, &handle, access | SQLITE_OPEN_NOMUTEX, nil)
        // sqlite3_open_v2 hands back a handle even when it fails; it must still be closed.
        guard code == SQLITE_OK else {
            let error = RawSQLiteError(code: code, message: errorMessage, sql: nil)
            sqlite3_close_v2(handle)
            handle = nil
            throw error
        }
        sqlite3_busy_timeout(handle, 5_000)
        sqlite3_extended_result_codes(handle, 1)
    }

    deinit {
        sqlite3_close_v2(handle)
    }

    /// Closes the connection now, so that SQLite checkpoints and removes its WAL files.
    func close() throws(RawSQLiteError) {
        guard let open = handle else { return }
        let code = sqlite3_close(open)
        guard code == SQLITE_OK else {
            throw RawSQLiteError(code: code, message: errorMessage, sql: nil)
        }
        handle = nil
    }

    /// Runs one or more statements that return no rows of interest.
    func execute(_ sql: String) throws(RawSQLiteError) {
        let code = sqlite3_exec(handle, sql, nil, nil, nil)
        guard code == SQLITE_OK else {
            throw RawSQLiteError(code: code, message: errorMessage, sql: sql)
        }
    }

    /// Runs `sql` and calls `body` for each row; `bindings` fill `?` parameters as text.
    func forEachRow(
        _ sql: String, bindings: [String] = [], _ body: (RawRow) throws -> Void
    ) throws {
        var statement: OpaquePointer?
        let prepared = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        defer { sqlite3_finalize(statement) }
        guard prepared == SQLITE_OK else {
            throw RawSQLiteError(code: prepared, message: errorMessage, sql: sql)
        }
        for (index, value) in bindings.enumerated() {
            sqlite3_bind_text(statement, Int32(index + 1), value, -1, csqlite_transient())
        }
        while true {
            let code = sqlite3_step(statement)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else {
                throw RawSQLiteError(code: code, message: errorMessage, sql: sql)
            }
            try body(RawRow(statement: statement!))
        }
    }

    /// The first column of the first row as an integer, or `nil` without rows.
    func integer(_ sql: String, bindings: [String] = []) throws -> Int64? {
        var value: Int64?
        try forEachRow(sql, bindings: bindings) { row in
            if value == nil { value = row.integer(0) }
        }
        return value
    }

    /// The first column of every row as text.
    func strings(_ sql: String) throws -> [String] {
        var values: [String] = []
        try forEachRow(sql) { row in
            if let text = row.text(0) { values.append(text) }
        }
        return values
    }

    private var errorMessage: String {
        guard let handle, let message = sqlite3_errmsg(handle) else { return "unknown error" }
        return String(cString: message)
    }
}

/// One result row, valid only inside the `forEachRow` callback that received it.
struct RawRow {
    fileprivate let statement: OpaquePointer

    /// The number of columns.
    var count: Int { Int(sqlite3_column_count(statement)) }

    /// The name of column `index`.
    func name(_ index: Int) -> String {
        String(cString: sqlite3_column_name(statement, Int32(index)))
    }

    /// The storage class of column `index` (`SQLITE_INTEGER`, `SQLITE_TEXT`, ...).
    func type(_ index: Int) -> Int32 {
        sqlite3_column_type(statement, Int32(index))
    }

    /// Column `index` as an integer.
    func integer(_ index: Int) -> Int64 {
        sqlite3_column_int64(statement, Int32(index))
    }

    /// Column `index` as a floating-point number.
    func double(_ index: Int) -> Double {
        sqlite3_column_double(statement, Int32(index))
    }

    /// Column `index` as text, or `nil` when it is NULL.
    func text(_ index: Int) -> String? {
        guard let bytes = sqlite3_column_text(statement, Int32(index)) else { return nil }
        return String(cString: bytes)
    }

    /// Column `index` as raw bytes (text as UTF-8, blobs as stored).
    func bytes(_ index: Int) -> [UInt8] {
        let column = Int32(index)
        let base = sqlite3_column_blob(statement, column)
        let length = Int(sqlite3_column_bytes(statement, column))
        guard let base, length > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: base, count: length))
    }
}

/// A failed SQLite call: result code, SQLite's message and the SQL, if any.
struct RawSQLiteError: Error, CustomStringConvertible {
    var code: Int32
    var message: String
    var sql: String?

    /// Whether the failure means another connection holds a lock.
    var isBusy: Bool {
        code & 0xff == SQLITE_BUSY || code & 0xff == SQLITE_LOCKED
    }

    var description: String {
        "\(message) (SQLite code \(code))"
    }
}
