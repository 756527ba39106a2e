import Testing
@testable import Snapshot

struct SnapshotBenchmarkTests {
    @Test func theReportShowsBothTimesBothSizesAndTheRatio() {
        let report = SnapshotBenchmarkReport(
            databasePath: "/tmp/m.sqlite", databaseSize: 17_000_000,
            exportSeconds: 0.5, exportCPUSeconds: 0.4, exportSize: 1_276_103,
            baselineSeconds: 0.25, baselineCPUSeconds: 0.3, baselineSize: 1_468_158,
            baselineCopyMethod: "sqlite3 .backup", repetitions: 3)

        let text = report.description

        #expect(text.contains("0.500 s"))
        #expect(text.contains("0.250 s"))
        #expect(text.contains("1276103 bytes"))
        #expect(text.contains("1468158 bytes"))
        #expect(text.contains("ratio 2.00"))
        #expect(text.contains("sqlite3 .backup + gzip -6"))
        #expect(!report.meetsAim)
        #expect(text.contains("not met"))
    }

    @Test(.enabled(if: systemTool("gzip") != nil, "needs the gzip command"))
    func aRunExportsBothWaysAndCleansUp() throws {
        let fixture = try SnapshotFixture()
        let mirror = try fixture.makeMirror(members: 200, projects: 40, teams: 4)
        let before = try fixture.state(of: mirror)

        let report = try SnapshotBenchmark.run(databasePath: mirror)

        #expect(report.exportSize > 1_000)
        #expect(report.baselineSize > 1_000)
        #expect(report.exportSeconds > 0 && report.exportSeconds.isFinite)
        #expect(report.baselineSeconds > 0 && report.baselineSeconds.isFinite)
        let unchanged = try fixture.state(of: mirror) == before
        #expect(unchanged)
        #expect(try fixture.listing() == ["mirror.sqlite"])
    }
}
