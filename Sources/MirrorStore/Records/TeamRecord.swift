import MirrorJSON

/// A Sentry team as the mirror stores it.
public struct TeamRecord: Sendable, Equatable, MirrorRecord {
    public static let kind = EntityKind.teams

    public let id: String
    public let slug: String
    public let name: String
    /// `dateCreated` as Sentry sent it (ISO 8601), when present.
    public let dateCreated: String?
    public let memberCount: Int?
    /// The object in canonical JSON text.
    public let json: String

    /// Extracts the typed columns from one object of Sentry's teams list.
    ///
    /// - Throws: ``MirrorStoreError`` `.invalidRecord` naming the team when
    ///   `id` or `slug` is missing.
    public init(json object: JSONValue) throws {
        let fields = try RecordFields(object, kind: .teams)
        id = try fields.id()
        slug = try fields.requiredString("slug", id: id)
        name = fields.string("name") ?? slug
        dateCreated = fields.string("dateCreated")
        memberCount = fields.int("memberCount")
        json = object.canonicalText
    }
}
