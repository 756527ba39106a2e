import Foundation

/// What a database holds, as the manifest reports it: schema, organizations, row counts.
struct DatabaseInventory {
    /// `PRAGMA user_version`.
    var schemaVersion: Int
    /// Distinct values of the `org` column across all tables, sorted.
    var organizations: [String]
    /// Rows per table, for every table but SQLite's own.
    var rowCounts: [String: Int]

    /// Reads the inventory of the database open on `connection`.
    init(reading connection: RawConnection) throws {
        schemaVersion = Int(try connection.integer("PRAGMA user_version") ?? 0)
        var organizations: Set<String> = []
        var rowCounts: [String: Int] = [:]
        for table in try Self.tableNames(connection) {
            let quoted = Self.quoted(table)
            rowCounts[table] = Int(try connection.integer("SELECT count(*) FROM \(quoted)") ?? 0)
            if try Self.columns(of: table, connection).contains("org") {
                let values = try connection.strings("SELECT DISTINCT org FROM \(quoted)")
                organizations.formUnion(values)
            }
        }
        self.organizations = organizations.sorted()
        self.rowCounts = rowCounts
    }

    /// The user tables of the database, sorted by name.
    static func tableNames(_ connection: RawConnection) throws -> [String] {
        try connection.strings(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' "
                + "ESCAPE '\\' ORDER BY name")
    }

    /// The column names of `table`.
    static func columns(of table: String, _ connection: RawConnection) throws -> [String] {
        var names: [String] = []
        try connection.forEachRow("SELECT name FROM pragma_table_info(?)", bindings: [table]) {
            if let name = $0.text(0) { names.append(name) }
        }
        return names
    }

    /// `name` as an SQL identifier.
    static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
