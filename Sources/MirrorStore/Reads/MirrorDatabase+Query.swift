import CSQLite

/// The answer of a read-only query: column names and rows of values.
public struct QueryResult: Sendable, Equatable {
    public var columns: [String]
    public var rows: [[SQLValue]]
}

extension MirrorDatabase {
    /// Runs one SQL statement that only reads, on a read-only connection.
    ///
    /// Refused before it runs: a statement that would write (INSERT, UPDATE,
    /// DELETE, DDL, writing PRAGMAs), ATTACH and DETACH, and more than one
    /// statement. The connection itself is opened read-only as a second guard.
    ///
    /// - Throws: ``MirrorStoreError`` `.queryNotReadOnly`, or the SQLite error
    ///   of a statement that does not compile.
    public func readOnlyQuery(sql: String) throws -> QueryResult {
        let reader = try readOnlyConnection()
        let statement = try prepareSingle(sql, on: reader)
        guard statement.isReadOnly, !Self.changesConnection(sql) else {
            throw MirrorStoreError(
                kind: .queryNotReadOnly,
                message: "query is read-only: `\(Self.firstWords(sql))` would change the mirror; "
                    + "use the write commands (members, projects, pull, push) instead",
                sql: sql)
        }
        let columns = (0..<statement.columnCount).map { statement.columnName($0) }
        var rows: [[SQLValue]] = []
        while try statement.step() {
            rows.append((0..<columns.count).map { statement.value($0) })
        }
        return QueryResult(columns: columns, rows: rows)
    }

    private func prepareSingle(_ sql: String, on reader: SQLiteConnection) throws -> Statement {
        var prepared: OpaquePointer?
        var tail: UnsafePointer<CChar>?
        let (code, rest) = sql.withCString { text -> (Int32, String) in
            let code = sqlite3_prepare_v2(reader.handle, text, -1, &prepared, &tail)
            return (code, tail.map { String(cString: $0) } ?? "")
        }
        sqlite3_finalize(prepared)
        try reader.check(code, sql: sql)
        guard prepared != nil else {
            throw MirrorStoreError(
                kind: .queryNotReadOnly, message: "the query is empty; give one SELECT statement",
                sql: sql)
        }
        guard Self.isBlank(rest) else {
            throw MirrorStoreError(
                kind: .queryNotReadOnly,
                message: "query takes one statement; run each statement on its own", sql: sql)
        }
        return try reader.makeStatement(sql)
    }

    /// ATTACH and DETACH count as read-only for SQLite (they change the
    /// connection, not the file) but would let a query reach other files.
    private static func changesConnection(_ sql: String) -> Bool {
        let word = firstWords(sql).split(separator: " ").first.map { $0.uppercased() } ?? ""
        return word == "ATTACH" || word == "DETACH" || word == "VACUUM"
    }

    private static func firstWords(_ sql: String) -> String {
        let words = sql.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" })
        return words.prefix(3).joined(separator: " ")
    }

    private static func isBlank(_ text: String) -> Bool {
        // What remains after the first statement: whitespace, semicolons, comments.
        var rest = Substring(text)
        while let first = rest.first {
            if first.isWhitespace || first == ";" {
                rest = rest.dropFirst()
            } else if rest.hasPrefix("--") {
                rest = rest.drop(while: { $0 != "\n" })
            } else if rest.hasPrefix("/*"), let end = rest.firstRange(of: "*/") {
                rest = rest[end.upperBound...]
            } else {
                return false
            }
        }
        return true
    }
}
