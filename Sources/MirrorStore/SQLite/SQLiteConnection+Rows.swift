import CSQLite

extension SQLiteConnection {
    /// Runs a cached statement that returns no rows.
    func run(_ sql: String, _ arguments: SQLArgument?...) throws {
        try cachedStatement(sql).bind(arguments).run()
    }

    /// Runs a cached statement and maps each row.
    func rows<T>(
        _ sql: String, _ arguments: SQLArgument?..., map: (Statement) throws -> T
    ) throws -> [T] {
        let statement = try cachedStatement(sql).bind(arguments)
        defer { statement.reset() }
        var result: [T] = []
        while try statement.step() { result.append(try map(statement)) }
        return result
    }

    /// Runs a cached statement and maps its first row, or returns `nil` when there is none.
    func firstRow<T>(
        _ sql: String, _ arguments: SQLArgument?..., map: (Statement) throws -> T
    ) throws -> T? {
        let statement = try cachedStatement(sql).bind(arguments)
        defer { statement.reset() }
        guard try statement.step() else { return nil }
        return try map(statement)
    }

    /// The number of rows the last INSERT, UPDATE or DELETE changed.
    var changes: Int { Int(sqlite3_changes(handle)) }

    /// The rowid of the last successful INSERT.
    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }
}
