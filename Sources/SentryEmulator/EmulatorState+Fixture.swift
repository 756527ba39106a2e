import Foundation

/// Loading organizations from fixture files.
extension EmulatorState {
    /// Loads an organization from a fixture file such as `Fixtures/acme.json`.
    ///
    /// The format (`"format": "sentry-mirror-fixture/1"`) stays close to
    /// Sentry's JSON; ids are digit strings, times ISO-8601 with `Z`:
    ///
    /// ```json
    /// {"format": "sentry-mirror-fixture/1",
    ///  "organization": {"id": "1", "slug": "acme", "name": "Acme", "dateCreated": "…"},
    ///  "teams": [{"id": "11", "slug": "backend", "name": "Backend", "dateCreated": "…"}],
    ///  "members": [{"id": "101", "email": "…", "orgRole": "owner", "dateCreated": "…",
    ///               "expired": false, "inviterName": null,
    ///               "user": {"id": "501", "name": "…", "email": "…", "dateJoined": "…"},
    ///               "teamRoles": [{"teamSlug": "backend", "role": "admin"}]}],
    ///  "projects": [{"id": "201", "slug": "api", "name": "API", "platform": "python",
    ///                "dateCreated": "…", "teams": ["backend"]}]}
    /// ```
    ///
    /// A member with `"user": null` is a pending invite. Keys starting with
    /// `$` are comments and ignored.
    ///
    /// - Throws: ``EmulatorFixtureError`` naming the file and the bad entry.
    public static func fixture(contentsOf url: URL) throws -> EmulatorState {
        // The path as the caller gave it: a relative `--fixture` stays relative.
        let path = url.relativePath
        let data = try readFixture(at: url, path: path)
        let json = try? JSONSerialization.jsonObject(with: data)
        guard let root = json as? [String: Any] else {
            throw EmulatorFixtureError(path: path, reason: "it is not a JSON object")
        }
        do {
            return EmulatorState(data: try FixtureReader(root: root).read())
        } catch let error as FixtureReader.Problem {
            throw EmulatorFixtureError(path: path, reason: error.message)
        }
    }

    /// The file's bytes, or an error that says in words why it cannot be
    /// read: Foundation's own error names a domain and a code, not the fix.
    private static func readFixture(at url: URL, path: String) throws -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw EmulatorFixtureError(unreadable: path, because: "no such file")
        }
        guard !isDirectory.boolValue else {
            throw EmulatorFixtureError(unreadable: path, because: "it is a directory")
        }
        do {
            return try Data(contentsOf: url)
        } catch let error as CocoaError where error.code == .fileReadNoPermission {
            throw EmulatorFixtureError(
                unreadable: path, because: "permission denied",
                fix: "make it readable or pass --fixture PATH to another file")
        } catch {
            throw EmulatorFixtureError(unreadable: path, because: "the file cannot be read")
        }
    }
}

/// A fixture file that cannot be used; says which file, what is wrong and
/// what to do.
public struct EmulatorFixtureError: Error, CustomStringConvertible, Equatable {
    /// The path as given, relative or absolute.
    public var path: String
    /// What is wrong, such as `no such file` or `teams[2].slug must be a
    /// non-empty string`.
    public var reason: String
    /// What to do about it.
    public var fix: String
    /// Whether the file could not be read at all, rather than read and refused.
    public var isUnreadable: Bool

    /// A file that was read but does not hold a usable organization.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
        self.fix = "Fix the file or generate data with --org/--teams/--members/--projects instead"
        self.isUnreadable = false
    }

    /// A file that cannot be read at all: missing, a directory, not permitted.
    public init(
        unreadable path: String, because reason: String,
        fix: String = "pass --fixture PATH to an existing file"
    ) {
        self.path = path
        self.reason = reason
        self.fix = fix
        self.isUnreadable = true
    }

    public var description: String {
        isUnreadable
            ? "Cannot read fixture \(path): \(reason); \(fix)."
            : "Cannot load the emulator fixture \(path): \(reason). \(fix)."
    }
}

private struct FixtureReader {
    struct Problem: Error { var message: String }

    let root: [String: Any]

    func read() throws -> OrganizationData {
        let orgJSON = try object(root["organization"], "organization")
        var org = OrganizationData(
            id: try id(orgJSON["id"], "organization.id"),
            slug: try string(orgJSON["slug"], "organization.slug"),
            name: try string(orgJSON["name"], "organization.name"),
            dateCreated: try time(orgJSON["dateCreated"], "organization.dateCreated"))
        for (index, item) in try array(root["teams"], "teams").enumerated() {
            let team = try object(item, "teams[\(index)]")
            org.teams.append(TeamRecord(
                id: try id(team["id"], "teams[\(index)].id"),
                slug: try string(team["slug"], "teams[\(index)].slug"),
                name: try string(team["name"], "teams[\(index)].name"),
                dateCreated: try time(team["dateCreated"], "teams[\(index)].dateCreated")))
        }
        for (index, item) in try array(root["members"], "members").enumerated() {
            org.members.append(try member(item, at: index, teams: org.teams))
        }
        for (index, item) in try array(root["projects"], "projects").enumerated() {
            org.projects.append(try project(item, at: index, teams: org.teams))
        }
        return org
    }

    private func member(_ item: Any, at index: Int, teams: [TeamRecord]) throws -> MemberRecord {
        let where_ = "members[\(index)]"
        let json = try object(item, where_)
        var user: UserRecord?
        if let userJSON = json["user"] as? [String: Any] {
            user = UserRecord(
                id: try id(userJSON["id"], "\(where_).user.id"),
                name: try string(userJSON["name"], "\(where_).user.name"),
                email: try string(userJSON["email"], "\(where_).user.email"),
                dateJoined: try time(userJSON["dateJoined"], "\(where_).user.dateJoined"))
        }
        let role = try string(json["orgRole"], "\(where_).orgRole")
        guard Roles.orgRoleIDs.contains(role) else {
            throw Problem(message: "\(where_).orgRole \"\(role)\" is not a Sentry role")
        }
        var links: [TeamLink] = []
        for link in json["teamRoles"] as? [[String: Any]] ?? [] {
            let slug = try string(link["teamSlug"], "\(where_).teamRoles.teamSlug")
            guard let team = teams.first(where: { $0.slug == slug }) else {
                throw Problem(message: "\(where_) names the unknown team \"\(slug)\"")
            }
            links.append(TeamLink(teamID: team.id, role: link["role"] as? String))
        }
        return MemberRecord(
            id: try id(json["id"], "\(where_).id"),
            email: try string(json["email"], "\(where_).email"), user: user, orgRole: role,
            expired: json["expired"] as? Bool ?? false,
            dateCreated: try time(json["dateCreated"], "\(where_).dateCreated"),
            inviterName: json["inviterName"] as? String, teams: links)
    }

    private func project(_ item: Any, at index: Int, teams: [TeamRecord]) throws -> ProjectRecord {
        let where_ = "projects[\(index)]"
        let json = try object(item, where_)
        let teamIDs = try (json["teams"] as? [String] ?? []).map { slug in
            guard let team = teams.first(where: { $0.slug == slug }) else {
                throw Problem(message: "\(where_) names the unknown team \"\(slug)\"")
            }
            return team.id
        }
        return ProjectRecord(
            id: try id(json["id"], "\(where_).id"),
            slug: try string(json["slug"], "\(where_).slug"),
            name: try string(json["name"], "\(where_).name"),
            platform: json["platform"] as? String,
            dateCreated: try time(json["dateCreated"], "\(where_).dateCreated"),
            teamIDs: teamIDs)
    }

    private func object(_ value: Any?, _ key: String) throws -> [String: Any] {
        guard let object = value as? [String: Any] else {
            throw Problem(message: "\(key) must be a JSON object")
        }
        return object
    }

    private func array(_ value: Any?, _ key: String) throws -> [Any] {
        guard let array = value as? [Any] else { throw Problem(message: "\(key) must be an array") }
        return array
    }

    private func string(_ value: Any?, _ key: String) throws -> String {
        guard let text = value as? String, !text.isEmpty else {
            throw Problem(message: "\(key) must be a non-empty string")
        }
        return text
    }

    private func id(_ value: Any?, _ key: String) throws -> Int {
        guard let text = value as? String, text.allSatisfy(\.isASCIIDigit), let id = Int(text) else {
            throw Problem(message: "\(key) must be a string of digits")
        }
        return id
    }

    private func time(_ value: Any?, _ key: String) throws -> Microseconds {
        guard let text = value as? String, let time = TimeFormatting.parseISO8601(text) else {
            throw Problem(message: "\(key) must be a time like 2021-07-06T21:13:01.120263Z")
        }
        return time
    }
}
