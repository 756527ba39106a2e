import Foundation
import Testing
@testable import SentryEmulator

@Suite struct EmulatorDataTests {
    @Test func generatedDataIsDeterministicForASeed() {
        let first = EmulatorState.generated(org: "acme", teams: 7, members: 120, projects: 30)
        let second = EmulatorState.generated(org: "acme", teams: 7, members: 120, projects: 30)
        let other = EmulatorState.generated(org: "acme", teams: 7, members: 120, projects: 30,
                                            seed: 2)

        #expect(first.canonicalJSON() == second.canonicalJSON())
        #expect(first.canonicalJSON() != other.canonicalJSON())
        #expect(first.memberCount == 120)
        #expect(first.projectCount == 30)
        #expect(first.teamCount == 7)
    }

    @Test func generatedDataHasInvitesTeamsAndNonASCIINames() {
        let state = EmulatorState.generated(org: "acme", teams: 10, members: 400, projects: 50)

        let org = state.withData { $0 }
        let pending = org.members.filter(\.isPending).count
        let expired = org.members.filter(\.expired).count
        let multiTeam = org.members.filter { $0.teams.count > 1 }.count
        let sharedProjects = org.projects.filter { $0.teamIDs.count > 1 }.count
        let nonASCII = org.members.filter { !$0.name.unicodeScalars.allSatisfy(\.isASCII) }.count
        let platforms = Set(org.projects.compactMap(\.platform)).count

        #expect(pending > 0)
        #expect(expired > 0)
        #expect(multiTeam > 0)
        #expect(sharedProjects > 0)
        #expect(nonASCII > 0)
        #expect(platforms > 3)
    }

    @Test func acmeFixtureLoads() throws {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/acme.json")

        let state = try EmulatorState.fixture(contentsOf: url)

        #expect(state.organizationSlug == "acme")
        let org = state.withData { $0 }
        let oldPerson = org.members.first { $0.email == "old.person@example.com" }
        #expect(org.teams.contains { $0.slug == "backend" })
        #expect(org.projects.contains { $0.slug == "legacy-app" })
        #expect(oldPerson?.orgRole == "member")
        #expect(oldPerson?.isPending == false)
        #expect(org.members.filter { $0.orgRole == "owner" }.count >= 2)
    }

    @Test func brokenFixtureNamesTheFileAndTheEntry() throws {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("broken-\(UUID().uuidString).json")
        try Data(#"{"organization": {"id": "x"}}"#.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }

        #expect {
            try EmulatorState.fixture(contentsOf: url)
        } throws: { error in
            let message = "\(error)"
            return message.contains(url.path) && message.contains("organization.id")
        }
    }

    @Test func aMissingFixtureSaysSoWithThePathAsGivenAndTheFix() throws {
        let name = "nosuch-\(UUID().uuidString).json"

        let error = #expect(throws: EmulatorFixtureError.self) {
            try EmulatorState.fixture(contentsOf: URL(fileURLWithPath: name))
        }

        #expect(error.map { "\($0)" } == "Cannot read fixture \(name): no such file; "
            + "pass --fixture PATH to an existing file.")
    }

    @Test func aDirectoryGivenAsFixtureIsNamedAsSuch() {
        let directory = FileManager.default.temporaryDirectory

        let error = #expect(throws: EmulatorFixtureError.self) {
            try EmulatorState.fixture(contentsOf: directory)
        }

        #expect(error?.isUnreadable == true && error?.reason == "it is a directory")
        #expect(error.map { "\($0)" }?.contains("NSCocoaErrorDomain") == false)
    }

    @Test func timestampsDropZeroFractions() {
        #expect(TimeFormatting.iso8601(1_625_605_981_120_263) == "2021-07-06T21:13:01.120263Z")
        #expect(TimeFormatting.iso8601(1_625_605_981_000_000) == "2021-07-06T21:13:01Z")
        #expect(TimeFormatting.httpDate(784_111_777_000_000) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(TimeFormatting.parseISO8601("2021-07-06T21:13:01.12Z") == 1_625_605_981_120_000)
    }
}
