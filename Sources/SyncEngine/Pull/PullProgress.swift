/// Where a running pull is, for a progress line.
public struct PullProgress: Sendable, Equatable {
    /// What is being listed: `teams`, `members`, `projects` or `team memberships`.
    public var resource: String
    /// Pages read of this resource so far.
    public var pages: Int
    /// Objects read of this resource so far.
    public var objects: Int
    /// For team memberships: teams done and teams in all.
    public var teamsDone: Int?
    public var teamsTotal: Int?

    /// A short human line, such as `members: 2,300 objects, 23 pages`.
    public var line: String {
        if let teamsDone, let teamsTotal {
            return "\(resource): \(teamsDone)/\(teamsTotal) teams, \(objects) links"
        }
        return "\(resource): \(objects) objects, \(pages) page\(pages == 1 ? "" : "s")"
    }
}
