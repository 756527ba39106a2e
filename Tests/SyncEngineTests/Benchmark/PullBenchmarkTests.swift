import Foundation
import MirrorJSON
import SentryAPI
import SentryEmulator
import SyncEngine
import Testing

/// The pull benchmark's floor sends exactly the pull's requests; no timing is checked.
struct PullBenchmarkTests {
    @Test func theFloorSendsTheSameRequestsAsThePullInEveryRound() async throws {
        let harness = try PullHarness(teams: 3, members: 230, projects: 12)
        let token = try #require(harness.server.options.tokens.first).value
        let benchmark = PullBenchmark(
            configuration: try SentryConfiguration(
                baseURL: harness.server.baseURL.absoluteString, organization: PullHarness.org,
                token: try AuthToken(token)
            ),
            databasePath: harness.folder.appendingPathComponent("bench.sqlite").path,
            rounds: 2
        )

        let teams = try harness.emulatorJSON()["teams"]?.arrayValue ?? []
        let teamListPages = teams.map { pagesNeeded(Int($0["memberCount"]?.numberValue ?? 0)) }
            .reduce(0, +)

        let report = try await benchmark.run()

        #expect(report.requests == report.summary.pages)
        #expect(report.requests == 1 + 3 + 1 + teamListPages)
        #expect(harness.server.totalRequests == 2 * 2 * report.requests)
        #expect(report.rows == 3 + 230 + 12 + report.summary.teamMemberships.listed)
        #expect(report.pullRounds.count == 2 && report.floorRounds.count == 2)
        #expect(report.floorBytes > 0)
        #expect(report.peakMemoryAfterPull >= report.peakMemoryBeforePull)
        #expect(FileManager.default.fileExists(atPath: benchmark.databasePath(round: 2)))
        #expect(String(describing: report).contains("\(report.requests) requests"))
    }
}
