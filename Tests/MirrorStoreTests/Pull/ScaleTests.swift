import MirrorJSON
import Testing
@testable import MirrorStore

struct ScaleTests {
    /// A generated organization pulled in pages of 100, twice: counts match and
    /// the second pull writes no journal row.
    @Test func aLargeOrganizationPullsPageByPageAndASecondPullWritesNothing() throws {
        let mirror = try TemporaryMirror()
        let teams = (0..<40).map { team(String(1000 + $0), slug: "team-\($0)") }
        let members = (0..<2_500).map { member(String(5000 + $0), email: "m\($0)@example.com") }
        let projects = (0..<700).map {
            project(
                String(90000 + $0), slug: "p-\($0)",
                teams: [(String(1000 + $0 % 40), "team-\($0 % 40)")])
        }

        // Teams, members, projects (each with its one team link), team links.
        let expectedRows = 40 + 2_500 + 700 * 2 + 40 * 50
        for round in 0..<2 {
            let at = serverTime(round)
            for (kind, objects) in [(EntityKind.teams, teams), (.members, members), (.projects, projects)] {
                let listing = try mirror.database.beginListing(org: "acme", resource: kind, at: at)
                for page in stride(from: 0, to: objects.count, by: 100) {
                    _ = try mirror.database.applyServerPage(
                        org: "acme", kind: kind, objects: Array(objects[page..<min(page + 100, objects.count)]),
                        listing: listing, at: at)
                }
                _ = try mirror.database.completeListing(org: "acme", kind: kind, listing: listing, at: at)
            }
            for index in 0..<40 {
                let links = (0..<50).map { TeamMemberLink(memberID: String(5000 + index * 50 + $0), teamRole: nil) }
                try mirror.database.replaceTeamMembers(org: "acme", teamID: String(1000 + index), links: links, at: at)
            }
            if round == 0 {
                #expect(try mirror.database.journalSequence == expectedRows)
            }
        }

        #expect(try mirror.database.journalSequence == expectedRows)
        let status = try #require(try mirror.database.status(org: "acme").first)
        #expect(status.resources.map(\.localRows) == [40, 2_500, 700])
    }
}
