import Foundation
import MirrorJSON
import MirrorStore
import SentryAPI

extension PullEngine {
    /// One team's complete member list, read from Sentry.
    struct TeamMemberList: Sendable {
        var teamID: String
        var links: [TeamMemberLink]
        var pages: Int
        /// Whether Sentry answered 404: the team was deleted after the teams listing.
        var isGone = false
    }

    /// Reads every team's member list, a few at a time, and replaces each
    /// team's links once its list is complete.
    func pullTeamMemberships(into summary: inout PullSummary) async throws {
        let client = self.client
        let organization = self.organization
        let teams = try database.teams(org: organization, source: .server).map(\.record)
        var done = 0
        var links = 0
        try await withThrowingTaskGroup(of: TeamMemberList.self) { group in
            var queue = teams[...]
            func startNext() {
                guard let team = queue.popFirst() else { return }
                group.addTask {
                    try await Self.readMembers(of: team, org: organization, client: client)
                }
            }
            for _ in 0..<max(1, teamListConcurrency) { startNext() }
            while let list = try await group.next() {
                startNext()
                guard !list.isGone else {
                    // Deleted on Sentry since the teams listing: the next pull's
                    // listing removes the team and its links; nothing to write now.
                    done += 1
                    continue
                }
                let changes = try database.replaceTeamMembers(
                    org: organization, teamID: list.teamID, links: list.links,
                    at: client.clock.now()
                )
                summary.teamMemberships.add(changes)
                summary.journalRows += changes.journalRows
                summary.pages += list.pages
                done += 1
                links += list.links.count
                progress(PullProgress(
                    resource: "team memberships", pages: summary.pages, objects: links,
                    teamsDone: done, teamsTotal: teams.count
                ))
            }
        }
        summary.teamMemberships.listed = links
    }

    private static func readMembers(
        of team: TeamRecord, org: String, client: SentryClient
    ) async throws -> TeamMemberList {
        var list = TeamMemberList(teamID: team.id, links: [], pages: 0)
        do {
            for try await page in client.pages(.teamMembers(org, team: team.slug)) {
                list.pages += 1
                for item in page.items {
                    guard let id = item["id"]?.stringValue else {
                        throw SentryError.invalidResponse(
                            "a member of team '\(team.slug)' has no id"
                        )
                    }
                    list.links.append(
                        TeamMemberLink(memberID: id, teamRole: item["teamRole"]?.stringValue)
                    )
                }
            }
        } catch SentryError.notFound {
            list.isGone = true
        }
        return list
    }
}
