import Foundation
import MirrorStore
import Testing
@testable import Snapshot

struct NDJSONExportTests {
    @Test func everyLineParsesAndTheFirstIsTheManifest() throws {
        let fixture = try SnapshotFixture()
        let mirror = try fixture.makeMirror(members: 25, projects: 7, teams: 3, pending: 1)

        let manifest = try SnapshotExporter.export(
            databasePath: mirror, to: fixture.path("snap.ndjson.gz"), format: .ndjson)
        let lines = try unpack(fixture.path("snap.ndjson.gz")).split(separator: 0x0a)
        let objects = try lines.map {
            try #require(try JSONSerialization.jsonObject(with: Data($0)) as? [String: Any])
        }

        #expect(objects.first?["entity"] as? String == "snapshot_manifest")
        let first = try #require(objects.first?["manifest"] as? [String: Any])
        #expect(first["format"] as? String == "ndjson")
        var counts: [String: Int] = [:]
        for object in objects.dropFirst() {
            counts[object["entity"] as? String ?? "?", default: 0] += 1
            #expect(object["row"] is [String: Any])
        }
        #expect(counts == manifest.rowCounts)
        #expect(counts["members"] == 25)
        #expect(counts["journal"] == 35)
        #expect(counts["outbox"] == nil)
    }

    @Test func jsonColumnsAreEmbeddedAsObjects() throws {
        let fixture = try SnapshotFixture()
        let mirror = try fixture.makeMirror(members: 3, projects: 1, teams: 1)

        try SnapshotExporter.export(
            databasePath: mirror, to: fixture.path("snap.ndjson.gz"), format: .ndjson)
        let lines = try unpack(fixture.path("snap.ndjson.gz")).split(separator: 0x0a)
        let member = try lines.lazy
            .compactMap { try JSONSerialization.jsonObject(with: Data($0)) as? [String: Any] }
            .first { $0["entity"] as? String == "members" }
        let row = try #require(member?["row"] as? [String: Any])

        #expect(row["org"] as? String == "acme")
        #expect((row["json"] as? [String: Any])?["email"] as? String == row["email"] as? String)
        #expect(row["pending"] as? Int == 0)
    }

    @Test func pendingMutationsAppearOnlyWhenIncluded() throws {
        let fixture = try SnapshotFixture()
        let mirror = try fixture.makeMirror(members: 2, projects: 1, teams: 1, pending: 3)

        let manifest = try SnapshotExporter.export(
            databasePath: mirror, to: fixture.path("snap.ndjson.gz"), format: .ndjson,
            includePending: true)
        let content = try unpack(fixture.path("snap.ndjson.gz"))

        #expect(manifest.rowCounts["outbox"] == 3)
        #expect(contains(content, #"{"entity":"outbox""#))
        #expect(contains(content, "secret-pending-2"))
    }

    @Test func rowsThatOnlyPendingMutationsMadeLeaveWithThem() throws {
        let fixture = try SnapshotFixture()
        let mirror = try fixture.makeMirror(members: 2, projects: 1, teams: 1)
        try MirrorDatabase.open(path: mirror)
            .addMember(org: "acme", email: "queued.invite@example.com", madeAt: Date())

        try SnapshotExporter.export(
            databasePath: mirror, to: fixture.path("without.ndjson.gz"), format: .ndjson)
        try SnapshotExporter.export(
            databasePath: mirror, to: fixture.path("with.ndjson.gz"), format: .ndjson,
            includePending: true)

        func memberEmails(_ name: String) throws -> [String] {
            try unpack(fixture.path(name)).split(separator: 0x0a)
                .compactMap { try JSONSerialization.jsonObject(with: Data($0)) as? [String: Any] }
                .filter { $0["entity"] as? String == "members" }
                .compactMap { ($0["row"] as? [String: Any])?["email"] as? String }
        }
        #expect(try !memberEmails("without.ndjson.gz").contains("queued.invite@example.com"))
        #expect(try memberEmails("with.ndjson.gz").contains("queued.invite@example.com"))
        #expect(try memberEmails("without.ndjson.gz").count == 2)
    }
}
