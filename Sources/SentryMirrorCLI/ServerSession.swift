import Foundation
import MirrorStore
import SentryAPI

/// Builds what a command needs to talk to Sentry from flags and environment.
enum ServerSession {
    /// The organization: `--org`, `SENTRY_ORG`, or the only one an existing
    /// mirror holds; otherwise a usage error saying how to give it.
    static func organization(_ context: CommandContext) throws -> String {
        if let org = context.organizationIfGiven, !org.isEmpty { return org }
        let path = context.databasePath
        if FileManager.default.fileExists(atPath: path),
            let orgs = try? MirrorDatabase.open(path: path).organizations(), orgs.count == 1
        {
            return orgs[0]
        }
        throw context.usageError("no organization: pass --org SLUG or set SENTRY_ORG.")
    }

    /// A configured client for `--url`/`SENTRY_URL`, the organization and the token.
    static func client(_ context: CommandContext) throws -> SentryClient {
        let org = try organization(context)
        let url = context.arguments.value("--url") ?? context.environment["SENTRY_URL"]
            ?? SentryConfiguration.defaultBaseURL
        let token = try AuthToken.load(
            environment: context.environment,
            tokenFile: context.arguments.value("--auth-token-file")
        )
        let configuration = try SentryConfiguration(baseURL: url, organization: org, token: token)
        return SentryClient(configuration: configuration)
    }

    /// Opens the mirror database for writing, creating it if needed.
    static func openDatabase(_ context: CommandContext) throws -> MirrorDatabase {
        try MirrorDatabase.open(path: context.databasePath)
    }

    /// Opens an existing mirror database; a missing file is an error that says to pull first.
    static func openExistingDatabase(_ context: CommandContext) throws -> MirrorDatabase {
        let path = context.databasePath
        guard FileManager.default.fileExists(atPath: path) else {
            throw CommandFailure(
                "no mirror at \(path): run 'sentry-mirror pull' first, or pass --db PATH."
            )
        }
        return try MirrorDatabase.open(path: path)
    }
}
