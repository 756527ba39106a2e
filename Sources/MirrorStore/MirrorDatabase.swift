import FoundationEssentials

/// The mirror's SQLite database: server state, local view, journal, outbox.
///
/// Open one with ``open(path:now:)``; every public method that writes runs in
/// exactly one transaction. A `MirrorDatabase` is used from one thread at a
/// time (it is not `Sendable`); open one per task that needs the file.
///
/// ```swift
/// let database = try MirrorDatabase.open(path: "sentry-mirror.sqlite")
/// let listing = try database.beginListing(org: "acme", resource: .members, at: serverNow)
/// ```
public final class MirrorDatabase {
    /// The connection; other modules may run their own SQL through it (snapshots).
    public let connection: SQLiteConnection
    /// The local clock, for `recorded_at` columns only; never used in conflicts.
    let now: () -> Date
    private var queryConnection: SQLiteConnection?

    private init(connection: SQLiteConnection, now: @escaping () -> Date) {
        self.connection = connection
        self.now = now
    }

    /// Opens the mirror at `path`, creating the file if needed, and migrates it.
    ///
    /// - Parameter now: the local clock; tests pass a fixed one.
    /// - Throws: ``MirrorStoreError``: `.notAMirror` for a file that is not ours,
    ///   `.schemaTooNew` for one written by a newer build, `.damaged`, `.busy`.
    public static func open(
        path: String, now: @escaping () -> Date = { Date() }
    ) throws -> MirrorDatabase {
        let connection = try SQLiteConnection(path: path)
        try Migrator(migrations: Migration.bundled)
            .migrate(connection, at: ServerTime.text(now()))
        return MirrorDatabase(connection: connection, now: now)
    }

    /// Opens an existing mirror without ever writing to it.
    ///
    /// - Throws: ``MirrorStoreError``: as ``open(path:now:)``, and
    ///   `.schemaTooOld` when the file needs a migration (open it read-write once).
    public static func openReadOnly(path: String) throws -> MirrorDatabase {
        let connection = try SQLiteConnection(path: path, readOnly: true)
        let migrator = Migrator(migrations: Migration.bundled)
        try migrator.checkVersion(of: connection)
        let version = try Migrator.userVersion(of: connection)
        guard version == migrator.latestVersion else {
            throw MirrorStoreError(
                kind: .schemaTooOld,
                message: "the database \(path) has schema \(version) and this build needs "
                    + "\(migrator.latestVersion); open it once without read-only mode to migrate")
        }
        return MirrorDatabase(connection: connection, now: { Date() })
    }

    /// The schema version of this database (`PRAGMA user_version`).
    public var schemaVersion: Int {
        get throws { try Migrator.userVersion(of: connection) }
    }

    /// The newest schema version this build knows.
    public static var latestSchemaVersion: Int { Migration.bundled.last?.version ?? 0 }

    /// The path of the database file.
    public var path: String { connection.path }

    /// A read-only connection to the same file, opened on first use.
    func readOnlyConnection() throws -> SQLiteConnection {
        if connection.isReadOnly { return connection }
        if let queryConnection { return queryConnection }
        let opened = try SQLiteConnection(path: connection.path, readOnly: true)
        queryConnection = opened
        return opened
    }

    /// The local time as stored in `recorded_at` columns.
    var recordedAt: String { ServerTime.text(now()) }
}

@available(*, unavailable, message: "open one MirrorDatabase per task instead")
extension MirrorDatabase: Sendable {}
