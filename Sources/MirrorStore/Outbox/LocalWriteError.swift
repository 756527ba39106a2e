/// A local write refused before anything was written: the input does not fit
/// the local view. The CLI reports these as usage errors (exit 2).
public enum LocalWriteError: Error, Sendable, Equatable {
    case invalidEmail(String)
    /// The address is longer than the 75 characters Sentry accepts.
    case emailTooLong(String)
    case unknownRole(String)
    case unknownTeam(String)
    case memberNotFound(String)
    case alreadyMember(String)
    case alreadyInvited(String)
    case projectNotFound(String)
    case invalidName(String)
    /// The project name holds a line break, a tab or another control character.
    case nameHasControlCharacters(String)
    /// The name has no ASCII letter or digit to make a slug from.
    case cannotMakeSlug(String)
    case invalidSlug(String)
    case slugTaken(String)
    case nothingToUpdate
    /// Every field given already has that value in the local view.
    case unchanged(project: String, fields: [String])
    case unknownMutation(Int64)
    case mutationNotFailed(Int64)
}

extension LocalWriteError: CustomStringConvertible {
    /// One sentence with the bad input and what to do instead.
    public var description: String {
        switch self {
        case .invalidEmail(let email):
            "\"\(email)\" is not an e-mail address; give one like name@example.com"
        case .emailTooLong(let email):
            "\"\(email)\" is \(email.unicodeScalars.count) characters long; Sentry accepts "
                + "e-mail addresses of at most \(MirrorDatabase.maximumEmailLength) characters"
        case .unknownRole(let role):
            "unknown role \"\(role)\"; use one of \(knownOrganizationRoles.joined(separator: ", "))"
        case .unknownTeam(let slug):
            "no team \"\(slug)\" in the mirror; see `teams list`, or pull first"
        case .memberNotFound(let key):
            "no member \"\(key)\" in the mirror; see `members list`, or pull first"
        case .alreadyMember(let email):
            "\(email) is already a member of the organization"
        case .alreadyInvited(let email):
            "\(email) has already been invited"
        case .projectNotFound(let key):
            "no project \"\(key)\" in the mirror; see `projects list`, or pull first"
        case .invalidName(let name):
            "project name \"\(name)\" must be 1 to 50 characters"
        case .nameHasControlCharacters(let name):
            "project names cannot contain line breaks or tabs (or other control characters): "
                + name.debugDescription
        case .cannotMakeSlug(let name):
            "cannot make a slug from \"\(name)\": pass --slug with lowercase letters, "
                + "digits, - and _"
        case .invalidSlug(let slug):
            "\"\(slug)\" is not a valid slug; use lowercase letters, digits, - and _, "
                + "not only digits"
        case .slugTaken(let slug):
            "a project with slug \"\(slug)\" already exists; choose another with --slug"
        case .nothingToUpdate:
            "nothing to update; give --name, --slug or --platform"
        case .unchanged(let project, let fields):
            "project \(project) already has that \(Self.list(fields)); nothing to change"
        case .unknownMutation(let id):
            "no pending mutation \(id); see `pending list`"
        case .mutationNotFailed(let id):
            "pending mutation \(id) has not failed; only failed mutations can be retried"
        }
    }
}

extension LocalWriteError {
    /// `a`, `a and b`, `a, b and c`.
    private static func list(_ words: [String]) -> String {
        guard let last = words.last, words.count > 1 else { return words.first ?? "" }
        return words.dropLast().joined(separator: ", ") + " and " + last
    }
}

/// The organization roles a member can be invited with (CONTRACT §2.6).
public let knownOrganizationRoles = ["member", "admin", "manager", "owner", "billing"]
