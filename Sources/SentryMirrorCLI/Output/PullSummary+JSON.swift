import MirrorJSON
import SyncEngine

extension PullSummary {
    /// The summary as a JSON object for `--json`.
    var json: JSONValue {
        func counts(_ counts: Counts) -> JSONValue {
            .object([
                "added": .number(Double(counts.added)),
                "changed": .number(Double(counts.changed)),
                "removed": .number(Double(counts.removed)),
                "listed": .number(Double(counts.listed)),
            ])
        }
        return .object([
            "organization": .string(organization),
            "teams": counts(teams),
            "members": counts(members),
            "projects": counts(projects),
            "teamMemberships": counts(teamMemberships),
            "requests": .number(Double(requests)),
            "pages": .number(Double(pages)),
            "journalRows": .number(Double(journalRows)),
            "seconds": .number(duration.seconds),
        ])
    }
}

extension Duration {
    /// The duration in seconds, as a floating-point number.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
