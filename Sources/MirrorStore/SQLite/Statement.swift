import CSQLite

/// A compiled SQL statement: bind arguments, step through rows, read columns.
///
/// Columns and parameters are 0-based here (SQLite binds from 1; this type
/// adds the one). Reading a column of the wrong type follows SQLite's own
/// conversions.
final class Statement {
    let handle: OpaquePointer
    let sql: String
    private unowned let connection: SQLiteConnection

    init(connection: SQLiteConnection, sql: String) throws {
        var prepared: OpaquePointer?
        var tail: UnsafePointer<CChar>?
        let code = sqlite3_prepare_v3(
            connection.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &prepared, &tail)
        try connection.check(code, sql: sql)
        guard let prepared else {
            throw MirrorStoreError(
                kind: .sqlite, message: "the SQL holds no statement", sql: sql)
        }
        self.handle = prepared
        self.sql = sql
        self.connection = connection
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Whether the statement leaves the database file unchanged.
    var isReadOnly: Bool { sqlite3_stmt_readonly(handle) != 0 }

    /// Resets the statement to run again and clears its bindings.
    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Binds `arguments` to parameters 1, 2, … in order.
    @discardableResult
    func bind(_ arguments: [SQLArgument?]) throws -> Statement {
        for (offset, argument) in arguments.enumerated() {
            let index = Int32(offset + 1)
            let code = argument?.bind(to: handle, at: index) ?? sqlite3_bind_null(handle, index)
            try connection.check(code, sql: sql)
        }
        return self
    }

    /// Advances to the next row; `false` once the statement is done.
    func step() throws -> Bool {
        let code = sqlite3_step(handle)
        if code == SQLITE_ROW { return true }
        if code == SQLITE_DONE { return false }
        let error = connection.makeError(code: code, sql: sql)
        sqlite3_reset(handle)
        throw error
    }

    /// Steps until done, ignoring any rows.
    func run() throws {
        while try step() {}
        sqlite3_reset(handle)
    }

    var columnCount: Int { Int(sqlite3_column_count(handle)) }

    func columnName(_ index: Int) -> String {
        String(cString: sqlite3_column_name(handle, Int32(index)))
    }

    func isNull(_ index: Int) -> Bool {
        sqlite3_column_type(handle, Int32(index)) == SQLITE_NULL
    }

    func text(_ index: Int) -> String {
        let column = Int32(index)
        guard let bytes = sqlite3_column_text(handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    func optionalText(_ index: Int) -> String? {
        isNull(index) ? nil : text(index)
    }

    func int(_ index: Int) -> Int {
        Int(sqlite3_column_int64(handle, Int32(index)))
    }

    func optionalInt(_ index: Int) -> Int? {
        isNull(index) ? nil : int(index)
    }

    func bool(_ index: Int) -> Bool {
        sqlite3_column_int64(handle, Int32(index)) != 0
    }

    func double(_ index: Int) -> Double {
        sqlite3_column_double(handle, Int32(index))
    }

    /// The column as a typed value, following its storage class in this row.
    func value(_ index: Int) -> SQLValue {
        let column = Int32(index)
        switch sqlite3_column_type(handle, column) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, column))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, column))
        case SQLITE_TEXT: return .text(text(index))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(handle, column))
            guard count > 0, let bytes = sqlite3_column_blob(handle, column) else {
                return .blob([])
            }
            return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: count)))
        default: return .null
        }
    }
}

@available(*, unavailable, message: "a statement belongs to its connection's thread")
extension Statement: Sendable {}

/// A Swift value that can be bound to a statement parameter.
protocol SQLArgument {
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32
}

extension String: SQLArgument {
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
        sqlite3_bind_text(statement, index, self, -1, csqlite_transient())
    }
}

extension Int: SQLArgument {
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
        sqlite3_bind_int64(statement, index, Int64(self))
    }
}

extension Int64: SQLArgument {
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
        sqlite3_bind_int64(statement, index, self)
    }
}

extension Bool: SQLArgument {
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
        sqlite3_bind_int64(statement, index, self ? 1 : 0)
    }
}

extension Double: SQLArgument {
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
        sqlite3_bind_double(statement, index, self)
    }
}
