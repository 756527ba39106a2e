import MirrorJSON

/// A Sentry project as the mirror stores it.
public struct ProjectRecord: Sendable, Equatable, MirrorRecord {
    public static let kind = EntityKind.projects

    public let id: String
    public let slug: String
    public let name: String
    /// The platform id; `nil` when Sentry sent null or an empty string.
    public let platform: String?
    public let dateCreated: String?
    /// The ids of the teams owning the project, from `teams` (or the older `team`).
    public let teamIDs: [String]
    /// The object in canonical JSON text.
    public let json: String

    /// Extracts the typed columns from one object of Sentry's projects list.
    ///
    /// - Throws: ``MirrorStoreError`` `.invalidRecord` naming the project when
    ///   `id` or `slug` is missing.
    public init(json object: JSONValue) throws {
        let fields = try RecordFields(object, kind: .projects)
        id = try fields.id()
        slug = try fields.requiredString("slug", id: id)
        name = fields.string("name") ?? slug
        platform = fields.string("platform").flatMap { $0.isEmpty ? nil : $0 }
        dateCreated = fields.string("dateCreated")
        let teams = object["teams"]?.arrayValue ?? object["team"].map { [$0] } ?? []
        var seen: Set<String> = []
        teamIDs = teams.compactMap { $0["id"]?.stringValue }.filter { seen.insert($0).inserted }
            .sorted()
        json = object.canonicalText
    }
}
