import FoundationEssentials
import Glibc
import MirrorJSON
@testable import MirrorStore

/// A fresh folder with a mirror database in it, removed when the test ends.
final class TemporaryMirror {
    let folder: String
    var path: String { folder + "/mirror.sqlite" }
    private(set) var database: MirrorDatabase

    init() throws {
        var template = Array("/tmp/mirror-store-test-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw TestFailure("mkdtemp failed") }
        folder = String(cString: made)
        database = try MirrorDatabase.open(path: folder + "/mirror.sqlite", now: { fixedNow })
    }

    deinit {
        for name in ["mirror.sqlite", "mirror.sqlite-wal", "mirror.sqlite-shm", "other.sqlite"] {
            unlink(folder + "/" + name)
        }
        rmdir(folder)
    }

    /// Closes and opens the database again, as a new process would.
    func reopen() throws {
        database = try MirrorDatabase.open(path: path, now: { fixedNow })
    }

    /// Runs a query on the database and returns its first column as text.
    func column(_ sql: String) throws -> [String] {
        try database.readOnlyQuery(sql: sql).rows.map { $0[0].description }
    }

    func count(_ sql: String) throws -> Int {
        Int(try column(sql).first ?? "") ?? -1
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

let fixedNow = Date(timeIntervalSince1970: 1_780_000_000)

/// Server times one minute apart, for pulls in order.
func serverTime(_ minute: Int) -> Date {
    Date(timeIntervalSince1970: 1_780_000_000 + Double(minute) * 60)
}

func json(_ text: String) -> JSONValue {
    // The fixtures below are literals of this file; bad JSON is a bug in the test.
    try! JSONValue(parsing: text)
}

func team(_ id: String, slug: String, name: String? = nil, memberCount: Int = 1) -> JSONValue {
    json("""
        {"id":"\(id)","slug":"\(slug)","name":"\(name ?? slug)",
         "dateCreated":"2024-01-01T00:00:00Z","memberCount":\(memberCount),
         "flags":{"idp:provisioned":false}}
        """)
}

func member(
    _ id: String, email: String, role: String = "member", pending: Bool = false,
    name: String? = nil
) -> JSONValue {
    let user = pending ? "null" : "{\"id\":\"u\(id)\",\"email\":\"\(email)\"}"
    return json("""
        {"id":"\(id)","email":"\(email)","name":"\(name ?? email)","user":\(user),
         "orgRole":"\(role)","role":"\(role)","pending":\(pending),"expired":false,
         "inviteStatus":"approved","dateCreated":"2024-02-01T10:00:00.120263Z"}
        """)
}

func project(
    _ id: String, slug: String, name: String? = nil, platform: String? = "python",
    teams: [(id: String, slug: String)] = []
) -> JSONValue {
    let summaries = teams.map { "{\"id\":\"\($0.id)\",\"slug\":\"\($0.slug)\",\"name\":\"\($0.slug)\"}" }
    let platformText = platform.map { "\"\($0)\"" } ?? "null"
    return json("""
        {"id":"\(id)","slug":"\(slug)","name":"\(name ?? slug)","platform":\(platformText),
         "dateCreated":"2024-03-01T00:00:00Z","teams":[\(summaries.joined(separator: ","))],
         "isBookmarked":false}
        """)
}

extension MirrorDatabase {
    /// A complete listing of `kind` in one page, as a pull would write it.
    @discardableResult
    func pullAll(
        org: String, _ kind: EntityKind, _ objects: [JSONValue], at: Date
    ) throws -> (PageChanges, removed: [String]) {
        let listing = try beginListing(org: org, resource: kind, at: at)
        let changes = try applyServerPage(
            org: org, kind: kind, objects: objects, listing: listing, at: at)
        let removed = try completeListing(org: org, kind: kind, listing: listing, at: at)
        return (changes, removed)
    }
}
