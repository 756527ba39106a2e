/// One numbered schema change, from a `Migrations/NNNN_name.sql` file.
struct Migration: Sendable, Equatable {
    /// The number before the first underscore of the file name.
    let version: Int
    /// The file name, as recorded in `schema_migrations`.
    let name: String
    let sql: String

    /// The migrations this build carries, checked for order.
    static let bundled: [Migration] = {
        precondition(!embeddedMigrations.isEmpty, "the build embedded no Migrations/*.sql")
        return ordered(embeddedMigrations)
    }()

    /// Numbers `files` by their name prefix and checks they run 1, 2, 3, …
    ///
    /// A name without a number, a duplicate or a gap is a programmer error:
    /// the build carries a broken schema and must not touch any database.
    static func ordered(_ files: [(name: String, sql: String)]) -> [Migration] {
        let migrations = files.map { file -> Migration in
            let prefix = file.name.prefix { $0.isNumber }
            guard let version = Int(prefix), version > 0 else {
                preconditionFailure("migration \(file.name) does not start with its number")
            }
            return Migration(version: version, name: file.name, sql: file.sql)
        }.sorted { $0.version < $1.version }
        for (offset, migration) in migrations.enumerated() where migration.version != offset + 1 {
            preconditionFailure(
                "migration \(migration.name) should be number \(offset + 1): "
                    + "migrations are numbered from 1 without gaps or duplicates")
        }
        return migrations
    }
}
