/// A local write refused before anything was written: the input does not fit
/// the local view. The CLI reports these as usage errors (exit 2).
public enum LocalWriteError: Error, Sendable, Equatable {
    case invalidEmail(String)
    case unknownRole(String)
    case unknownTeam(String)
    case memberNotFound(String)
    case alreadyMember(String)
    case alreadyInvited(String)
    case projectNotFound(String)
    case invalidName(String)
    case invalidSlug(String)
    case slugTaken(String)
    case nothingToUpdate
    case unknownMutation(Int64)
    case mutationNotFailed(Int64)
}

extension LocalWriteError: CustomStringConvertible {
    /// One sentence with the bad input and what to do instead.
    public var description: String {
        switch self {
        case .invalidEmail(let email):
            "\"\(email)\" is not an e-mail address; give one like name@example.com"
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
        case .invalidSlug(let slug):
            "\"\(slug)\" is not a valid slug; use lowercase letters, digits, - and _, "
                + "not only digits"
        case .slugTaken(let slug):
            "a project with slug \"\(slug)\" already exists; choose another with --slug"
        case .nothingToUpdate:
            "nothing to update; give --name, --slug or --platform"
        case .unknownMutation(let id):
            "no pending mutation \(id); see `pending list`"
        case .mutationNotFailed(let id):
            "pending mutation \(id) has not failed; only failed mutations can be retried"
        }
    }
}

/// The organization roles a member can be invited with (CONTRACT §2.6).
public let knownOrganizationRoles = ["member", "admin", "manager", "owner", "billing"]
