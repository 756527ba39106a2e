// swift-tools-version:6.0
import PackageDescription

/// sentry-mirror: an offline-first mirror of a Sentry organization.
///
/// Module ownership follows docs/ARCHITECTURE.md: C libraries sit behind
/// system-library targets, and each Swift module owns one concept.
let package = Package(
    name: "sentry-mirror",
    products: [
        .executable(name: "sentry-mirror", targets: ["sentry-mirror"]),
    ],
    targets: [
        // C libraries from Debian's packages.
        .systemLibrary(
            name: "CSQLite",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .systemLibrary(
            name: "CMicroHTTPD",
            pkgConfig: "libmicrohttpd",
            providers: [.apt(["libmicrohttpd-dev"])]
        ),

        // A JSON value shared by the client and the store: canonical text and field diffs.
        .target(name: "MirrorJSON"),

        // The Sentry REST API client: endpoints, pagination, retries, typed errors.
        .target(name: "SentryAPI", dependencies: ["MirrorJSON"]),

        // The SQLite database: migrations, tables, journal, outbox.
        .target(
            name: "MirrorStore",
            dependencies: ["CSQLite", "MirrorJSON"],
            plugins: ["EmbedMigrations"]
        ),

        // Pull, push, rebase and the conflict rule.
        .target(name: "SyncEngine", dependencies: ["SentryAPI", "MirrorStore", "MirrorJSON"]),

        // Compressed export and verified import.
        .target(name: "Snapshot", dependencies: ["MirrorStore", "CSQLite", "CZlib"]),

        // An in-memory Sentry served over HTTP on loopback.
        .target(name: "SentryEmulator", dependencies: ["CMicroHTTPD"]),

        // The command-line tool: arguments, output, exit codes.
        .target(
            name: "SentryMirrorCLI",
            dependencies: ["SentryAPI", "MirrorStore", "SyncEngine", "Snapshot", "SentryEmulator"]
        ),
        .executableTarget(name: "sentry-mirror", dependencies: ["SentryMirrorCLI"]),

        // Build-time embedding of Migrations/*.sql into MirrorStore.
        .executableTarget(name: "MigrationEmbedder"),
        .plugin(
            name: "EmbedMigrations",
            capability: .buildTool(),
            dependencies: ["MigrationEmbedder"]
        ),

        .testTarget(name: "MirrorJSONTests", dependencies: ["MirrorJSON"]),
        .testTarget(name: "SentryAPITests", dependencies: ["SentryAPI", "SentryEmulator"]),
        .testTarget(name: "MirrorStoreTests", dependencies: ["MirrorStore"]),
        .testTarget(
            name: "SyncEngineTests",
            dependencies: ["SyncEngine", "SentryAPI", "MirrorStore", "SentryEmulator"]
        ),
        .testTarget(name: "SnapshotTests", dependencies: ["Snapshot", "MirrorStore"]),
        .testTarget(name: "SentryEmulatorTests", dependencies: ["SentryEmulator"]),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["SentryEmulator", "MirrorStore"]
        ),
    ]
)
