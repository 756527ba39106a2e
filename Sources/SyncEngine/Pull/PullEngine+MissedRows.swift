import Foundation
import MirrorStore
import SentryAPI

extension PullEngine {
    /// Asks Sentry about each row a completed listing did not show, and keeps
    /// those it still has.
    ///
    /// Sentry pages members, teams and projects by offset: when a row before
    /// the current page goes away mid-listing, the next page starts one row
    /// later and a row that still exists is never shown (CONTRACT §10.2). Only
    /// a row Sentry answers 404 (or 403) for is left for
    /// ``MirrorStore/MirrorDatabase/completeListing(org:kind:listing:at:)`` to remove;
    /// any other failure ends the pull before anything is removed.
    ///
    /// - Returns: how many rows were kept.
    func keepMissedRows(_ kind: EntityKind, listing: Int) async throws -> Int {
        let missed = try database.unlistedIDs(org: organization, kind: kind, listing: listing)
        guard !missed.isEmpty else { return 0 }
        var teamSlugs: [String: String] = [:]
        if kind == .teams {
            for team in try database.teams(org: organization, source: .server) {
                teamSlugs[team.record.id] = team.record.slug
            }
        }
        var present: [String] = []
        for id in missed {
            let endpoint: Endpoint
            switch kind {
            case .members:
                endpoint = .member(organization, id: id)
            case .projects:
                endpoint = .project(organization, idOrSlug: id)
            case .teams:
                // There is no team read by id: the team's member list stands in.
                guard let slug = teamSlugs[id] else { continue }
                endpoint = Endpoint.teamMembers(organization, team: slug)
                    .setting("per_page", to: "1")
            }
            let response = try await client.send(endpoint, acceptStatuses: [403, 404])
            if response.status != 403, response.status != 404 { present.append(id) }
        }
        try database.keepListed(org: organization, kind: kind, ids: present, listing: listing)
        return present.count
    }
}
