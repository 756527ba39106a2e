import MirrorJSON

/// A member of a Sentry organization (or a pending invite) as the mirror stores it.
public struct MemberRecord: Sendable, Equatable, MirrorRecord {
    public static let kind = EntityKind.members

    public let id: String
    public let email: String
    public let name: String?
    /// The organization role (`orgRole`, or the older `role`).
    public let orgRole: String
    /// Whether the invite has not been accepted yet.
    public let pending: Bool
    public let expired: Bool
    /// The id of the user behind the membership; `nil` for pending invites.
    public let userID: String?
    public let inviteStatus: String?
    public let dateCreated: String?
    /// The object in canonical JSON text.
    public let json: String

    /// Extracts the typed columns from one object of Sentry's members list.
    ///
    /// - Throws: ``MirrorStoreError`` `.invalidRecord` naming the member when
    ///   `id` is missing or it has no e-mail address.
    public init(json object: JSONValue) throws {
        let fields = try RecordFields(object, kind: .members)
        id = try fields.id()
        guard let email = fields.string("email") ?? object["user"]?["email"]?.stringValue else {
            throw fields.missing("email", id: id)
        }
        self.email = email
        name = fields.string("name")
        orgRole = fields.string("orgRole") ?? fields.string("role") ?? "member"
        pending = fields.bool("pending")
        expired = fields.bool("expired")
        userID = object["user"]?["id"]?.stringValue
        inviteStatus = fields.string("inviteStatus")
        dateCreated = fields.string("dateCreated")
        json = object.canonicalText
    }
}
