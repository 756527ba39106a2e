import Foundation

/// Reads the fields of one `POST /_emulator/mutate` body into an
/// ``EmulatorMutation``; its errors name the op, the field and the fields
/// the op takes, so the caller can fix the body without reading our source.
struct MutationFields {
    /// The op, already known to be one of ``Router/mutationOps``.
    let op: String
    /// The op's fields as documented, such as `id, name`.
    let fields: String
    let body: [String: Any]

    func mutation() throws -> EmulatorMutation {
        switch op {
        case "rename_member":
            return .renameMember(id: try id("id", alias: "member"), name: try string("name"))
        case "set_role":
            return .setRole(id: try id("id", alias: "member"), role: try string("role"))
        case "add_member":
            return .addMember(
                email: try string("email"), role: try optionalString("role") ?? "member",
                teams: try optionalStrings("teams") ?? [], name: try optionalString("name"))
        case "remove_member":
            return .removeMember(id: try id("id", alias: "member"))
        case "accept_invite":
            return .acceptInvite(
                id: try id("id", alias: "member"), name: try string("name"),
                email: try optionalString("email"))
        case "expire_invite":
            return .expireInvite(id: try id("id", alias: "member"))
        case "add_team_member":
            return .addTeamMember(
                memberID: try id("member", alias: "id"), team: try string("team"),
                role: try optionalString("role"))
        case "remove_team_member":
            return .removeTeamMember(
                memberID: try id("member", alias: "id"), team: try string("team"))
        case "rename_project":
            return .renameProject(
                idOrSlug: try project(), slug: try optionalString("slug"),
                name: try optionalString("name"), platform: try optionalString("platform"))
        case "add_project":
            return .addProject(
                slug: try string("slug"), name: try optionalString("name"),
                platform: try optionalString("platform"),
                teams: try optionalStrings("teams") ?? [])
        case "delete_project":
            return .deleteProject(idOrSlug: try project())
        default:
            throw EmulatorMutationError(description: "Unknown op \"\(op)\".")
        }
    }

    // MARK: - Fields

    /// A member id: a number or a string of digits, under `key` or `alias`.
    private func id(_ key: String, alias: String) throws -> Int {
        let key = present(key) || !present(alias) ? key : alias
        guard present(key) else { throw missing(key) }
        switch body[key] {
        case let number as Int:
            return number
        case let text as String where text.allSatisfy(\.isASCIIDigit):
            guard let id = Int(text) else { throw unusable(key) }
            return id
        case let number as NSNumber where !(body[key] is String):
            return number.intValue
        default:
            throw unusable(key)
        }
    }

    /// A project id or slug, under `project` or its alias `id`.
    private func project() throws -> String {
        let key = present("project") || !present("id") ? "project" : "id"
        guard let value = try optionalString(key) else { throw missing(key) }
        return value
    }

    private func string(_ key: String) throws -> String {
        guard let value = try optionalString(key) else { throw missing(key) }
        return value
    }

    /// A string, or a number taken as its digits; nil when absent or null.
    private func optionalString(_ key: String) throws -> String? {
        guard present(key) else { return nil }
        switch body[key] {
        case let text as String: return text
        case let number as Int: return String(number)
        default: throw unusable(key)
        }
    }

    /// An array of strings; nil when absent or null.
    private func optionalStrings(_ key: String) throws -> [String]? {
        guard present(key) else { return nil }
        guard let values = body[key] as? [String] else { throw unusable(key) }
        return values
    }

    private func present(_ key: String) -> Bool {
        guard let value = body[key] else { return false }
        return !(value is NSNull)
    }

    // MARK: - Errors

    private var shape: String { "send {\"op\": \"\(op)\", \(fields)}." }

    private func missing(_ key: String) -> EmulatorMutationError {
        EmulatorMutationError(description: "Op \"\(op)\" needs \"\(key)\"; \(shape)")
    }

    private func unusable(_ key: String) -> EmulatorMutationError {
        let value = body[key].map(Self.render) ?? "null"
        return EmulatorMutationError(
            description: "Op \"\(op)\" cannot use \"\(key)\": \(value); \(shape)")
    }

    /// The value as JSON, as the caller wrote it.
    private static func render(_ value: Any) -> String {
        let data = try? JSONSerialization.data(
            withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys])
        return data.flatMap { String(data: $0, encoding: .utf8) } ?? "\(value)"
    }
}
