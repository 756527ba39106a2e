import MirrorJSON

/// The three kinds of Sentry objects the mirror keeps.
///
/// The raw value names the local-view table (`teams`, `members`,
/// `projects`); the server-state table adds a `server_` prefix. It is also
/// the journal's `entity` and the sync-state resource name.
public enum EntityKind: String, Sendable, CaseIterable, Hashable {
    case teams
    case members
    case projects

    /// The singular noun used in messages ("team", "member", "project").
    public var noun: String {
        switch self {
        case .teams: "team"
        case .members: "member"
        case .projects: "project"
        }
    }

    var serverTable: String { "server_" + rawValue }
}

/// A mirrored Sentry object: its id, typed columns and canonical JSON text.
///
/// ``TeamRecord``, ``MemberRecord`` and ``ProjectRecord`` are the only
/// conforming types; the store relies on that.
public protocol MirrorRecord: Sendable {
    /// The kind of entity this record type holds.
    static var kind: EntityKind { get }
    /// Sentry's id of the object (or `local:<outbox id>` for unconfirmed creations).
    var id: String { get }
    /// The object as Sentry sent it, in canonical text.
    var json: String { get }
    /// Extracts the typed columns from one object of a Sentry listing.
    init(json: JSONValue) throws
}

extension MirrorRecord {
    /// The object, parsed from ``json``.
    public func parsedJSON() throws -> JSONValue {
        try JSONValue(parsing: json)
    }
}

/// Reads the fields shared by all records out of a Sentry JSON object.
struct RecordFields {
    let object: JSONValue
    let kind: EntityKind

    init(_ object: JSONValue, kind: EntityKind) throws {
        guard case .object = object else {
            throw MirrorStoreError(
                kind: .invalidRecord,
                message: "Sentry sent a \(kind.noun) that is not a JSON object; "
                    + "check --url points at a Sentry server")
        }
        self.object = object
        self.kind = kind
    }

    /// The `id`, as text; a number is accepted and printed without a fraction.
    func id() throws -> String {
        if let text = object["id"]?.stringValue, !text.isEmpty { return text }
        if let number = object["id"]?.numberValue { return JSONValue.number(number).canonicalText }
        throw MirrorStoreError(
            kind: .invalidRecord,
            message: "Sentry sent a \(kind.noun) without an id; "
                + "check --url points at a Sentry server")
    }

    func requiredString(_ key: String, id: String) throws -> String {
        guard let value = object[key]?.stringValue else { throw missing(key, id: id) }
        return value
    }

    func missing(_ key: String, id: String) -> MirrorStoreError {
        MirrorStoreError(
            kind: .invalidRecord,
            message: "Sentry sent \(kind.noun) \(id) without a text `\(key)`; "
                + "check --url points at a Sentry server")
    }

    func string(_ key: String) -> String? { object[key]?.stringValue }

    func bool(_ key: String) -> Bool { object[key]?.boolValue ?? false }

    func int(_ key: String) -> Int? { object[key]?.numberValue.map { Int($0) } }
}

