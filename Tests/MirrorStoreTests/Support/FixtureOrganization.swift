import MirrorJSON
@testable import MirrorStore

extension TemporaryMirror {
    /// Pulls a small organization like the fixture's: team `backend` (id 1) and
    /// `web` (id 2), members 7 (old.person, on backend) and 8, project
    /// `legacy-app` (id 20, backend) and `api` (id 21, web).
    func pullFixture(at minute: Int = 0) throws {
        let time = serverTime(minute)
        try database.pullAll(
            org: "acme", .teams, [team("1", slug: "backend"), team("2", slug: "web")], at: time)
        try database.pullAll(
            org: "acme", .members,
            [member("7", email: "old.person@example.com"), member("8", email: "b@example.com")],
            at: time)
        try database.replaceTeamMembers(
            org: "acme", teamID: "1", links: [.init(memberID: "7", teamRole: nil)], at: time)
        try database.pullAll(
            org: "acme", .projects,
            [
                project("20", slug: "legacy-app", teams: [("1", "backend")]),
                project("21", slug: "api", teams: [("2", "web")]),
            ], at: time)
    }
}
