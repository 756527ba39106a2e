import Foundation
import MirrorJSON
import MirrorStore
import SentryAPI

/// Mirrors one organization's teams, members, projects and team memberships.
///
/// Each listing streams page by page: every page is written in its own
/// transaction as it arrives, while the client already fetches the next one,
/// so the organization is never in memory whole. Rows missing from a listing
/// are removed only once that listing completed (DESIGN.md, invariant 3), so
/// an interrupted pull deletes nothing and can simply be run again.
///
/// Team memberships come from each team's member list (the organization's
/// member list carries no teams). Those lists are read a few at a time and
/// each team's links are replaced once its list is complete.
public struct PullEngine {
    /// How many team member lists are read at once.
    public var teamListConcurrency = 4

    let client: SentryClient
    let database: MirrorDatabase
    let progress: (PullProgress) -> Void

    /// A pull engine writing through `database` what `client` reads.
    ///
    /// - Parameter progress: called after each page, on the pulling task.
    public init(
        client: SentryClient,
        database: MirrorDatabase,
        progress: @escaping (PullProgress) -> Void = { _ in }
    ) {
        self.client = client
        self.database = database
        self.progress = progress
    }

    var organization: String { client.configuration.organization }

    /// Pulls everything once.
    ///
    /// - Throws: ``SentryAPI/SentryError`` when Sentry cannot be read (what was
    ///   written up to then stays, and nothing is deleted for the listing that
    ///   failed), `MirrorStoreError` when the database cannot be written.
    public func pull() async throws -> PullSummary {
        let started = ContinuousClock.now
        let requestsBefore = client.requestCount
        var summary = PullSummary(organization: organization)

        try await list(.teams, endpoint: .teams(organization), into: &summary)
        try await list(.members, endpoint: .members(organization), into: &summary)
        try await list(.projects, endpoint: .projects(organization), into: &summary)
        try await pullTeamMemberships(into: &summary)

        try database.saveClockOffset(
            ClockOffset(seconds: client.clock.offset ?? 0, measuredAt: Date()), org: organization
        )
        summary.requests = client.requestCount - requestsBefore
        summary.duration = ContinuousClock.now - started
        return summary
    }

    /// Streams one listing into server state and completes it.
    ///
    /// The listing is begun only once its first page arrived, so that a pull
    /// refused outright (a wrong token, an unknown organization, no network)
    /// writes nothing at all to the mirror.
    private func list(
        _ kind: EntityKind, endpoint: Endpoint, into summary: inout PullSummary
    ) async throws {
        var listing: Int?
        var pages = 0
        var objects = 0
        // Offset paging repeats a row when one is added before it mid-listing.
        var listed: Set<String> = []
        for try await page in client.pages(endpoint) {
            let generation = try listing ?? database.beginListing(
                org: organization, resource: kind, at: client.clock.now()
            )
            listing = generation
            let changes = try database.applyServerPage(
                org: organization, kind: kind, objects: page.items, listing: generation,
                at: client.clock.now()
            )
            summary[kind].add(changes)
            summary.journalRows += changes.journalRows
            pages += 1
            objects += page.items.count
            for item in page.items { listed.insert(item["id"]?.canonicalText ?? "") }
            progress(PullProgress(resource: kind.rawValue, pages: pages, objects: objects))
        }
        // Every listing has a first page, if only an empty one.
        guard let listing else { return }
        let kept = try await keepMissedRows(kind, listing: listing)
        let removed = try database.completeListing(
            org: organization, kind: kind, listing: listing, at: client.clock.now()
        )
        summary[kind].removed += removed.count
        summary[kind].listed = listed.count + kept
        summary.pages += pages
    }
}
