import CSQLite

/// Brings a database's schema up to the newest migration this build knows.
///
/// Each migration runs in its own transaction that also records it in
/// `schema_migrations` and in `PRAGMA user_version`, so a crash leaves the
/// schema at one migration or the next, never in between.
struct Migrator {
    let migrations: [Migration]

    /// The newest schema version among `migrations`.
    var latestVersion: Int { migrations.last?.version ?? 0 }

    /// Applies the missing migrations in order.
    ///
    /// - Throws: ``MirrorStoreError`` `.schemaTooNew` for a database written by
    ///   a newer build, `.notAMirror` for a database of some other program.
    func migrate(_ connection: SQLiteConnection, at time: String) throws {
        try checkVersion(of: connection)
        for migration in migrations {
            try connection.transaction(durable: true) {
                // Read again under the write lock: another process may have migrated.
                guard try Self.userVersion(of: connection) < migration.version else { return }
                try connection.execute(Self.bookkeepingTable)
                try connection.execute(migration.sql)
                try connection.run(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    migration.version, migration.name, time)
                try connection.execute("PRAGMA user_version = \(migration.version)")
            }
        }
    }

    /// Throws unless the database is ours and not newer than this build.
    func checkVersion(of connection: SQLiteConnection) throws {
        let version = try Self.userVersion(of: connection)
        if version > latestVersion {
            throw MirrorStoreError(
                kind: .schemaTooNew,
                message: "the database \(connection.path) was written by a newer sentry-mirror "
                    + "(schema \(version), this build knows \(latestVersion)); "
                    + "upgrade sentry-mirror")
        }
        if version == 0 {
            let tables = try connection.firstRow(
                "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
            ) { $0.int(0) } ?? 0
            guard tables == 0 else {
                throw MirrorStoreError(
                    kind: .notAMirror,
                    message: "the file \(connection.path) is not a sentry-mirror database "
                        + "(it holds tables of another program); pass --db with a new path")
            }
        }
    }

    /// `PRAGMA user_version`, the number of the last migration applied.
    static func userVersion(of connection: SQLiteConnection) throws -> Int {
        try connection.firstRow("PRAGMA user_version") { $0.int(0) } ?? 0
    }

    private static let bookkeepingTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            applied_at TEXT NOT NULL
        )
        """
}
