import Foundation
import MirrorStore

/// What one pull did, per resource and in total.
public struct PullSummary: Sendable, Equatable {
    /// Changes of one resource: teams, members, projects or team memberships.
    public struct Counts: Sendable, Equatable {
        public var added = 0
        public var changed = 0
        public var removed = 0
        /// Objects the listing held when it completed.
        public var listed = 0

        /// Whether anything was added, changed or removed.
        public var isEmpty: Bool { added == 0 && changed == 0 && removed == 0 }
    }

    public var organization: String
    public var teams = Counts()
    public var members = Counts()
    public var projects = Counts()
    /// Member-on-team links.
    public var teamMemberships = Counts()
    /// HTTP requests sent, retries included.
    public var requests = 0
    /// Pages read, over all listings.
    public var pages = 0
    /// Journal rows written.
    public var journalRows = 0
    /// Wall time of the pull.
    public var duration: Duration = .zero

    public init(organization: String) {
        self.organization = organization
    }

    /// The counts of `kind`.
    public subscript(kind: EntityKind) -> Counts {
        get {
            switch kind {
            case .teams: teams
            case .members: members
            case .projects: projects
            }
        }
        set {
            switch kind {
            case .teams: teams = newValue
            case .members: members = newValue
            case .projects: projects = newValue
            }
        }
    }

    /// One line saying what was new, such as
    /// `acme: teams +1 ~0 -0, members +3 ~1 -0, ... (12 journal rows)`.
    public var oneLine: String {
        func part(_ name: String, _ counts: Counts) -> String {
            "\(name) +\(counts.added) ~\(counts.changed) -\(counts.removed)"
        }
        let parts = [
            part("teams", teams), part("members", members), part("projects", projects),
            part("team memberships", teamMemberships),
        ]
        let news = journalRows == 0
            ? "nothing new" : "\(journalRows) journal row\(journalRows == 1 ? "" : "s")"
        return "\(organization): " + parts.joined(separator: ", ") + " (\(news))"
    }
}

extension PullSummary.Counts {
    mutating func add(_ changes: PageChanges) {
        added += changes.inserted
        changed += changes.updated
        removed += changes.removed
    }
}
