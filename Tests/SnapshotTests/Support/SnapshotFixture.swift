import Foundation
import MirrorStore
@testable import Snapshot

/// A fresh folder for one test, with helpers to make mirrors and look at files.
final class SnapshotFixture {
    let folder: String

    init() throws {
        var template = Array("/tmp/snapshot-test-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw TestFailure("mkdtemp failed") }
        folder = String(cString: made)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// The path of `name` inside the folder.
    func path(_ name: String) -> String {
        folder + "/" + name
    }

    /// A small sample mirror at `name`, optionally with pending mutations in the outbox.
    @discardableResult
    func makeMirror(
        _ name: String = "mirror.sqlite", members: Int = 120, projects: Int = 30,
        teams: Int = 6, pending: Int = 0
    ) throws -> String {
        let path = path(name)
        try SnapshotBenchmark.makeSampleMirror(
            at: path, members: members, projects: projects, teams: teams)
        if pending > 0 { try addPendingMutations(pending, to: path) }
        return path
    }

    /// Queues `count` pending mutations, as `members add` would while offline.
    func addPendingMutations(_ count: Int, to path: String) throws {
        let connection = try RawConnection(path: path, mode: .readWrite)
        for index in 0..<count {
            try connection.execute(
                """
                INSERT INTO outbox (org, kind, entity, target_id, payload, made_at)
                VALUES ('acme', 'member.add', 'members', 'local:\(index)',
                  '{"email":"secret-pending-\(index)@example.com","orgRole":"member"}',
                  '2025-01-02T00:00:00.000Z')
                """)
        }
        try connection.close()
    }

    /// The whole content of a file.
    func bytes(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Writes `bytes` to `name` in the folder and returns its path.
    @discardableResult
    func write(_ bytes: [UInt8], to name: String) throws -> String {
        let path = path(name)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The names in the folder, sorted.
    func listing() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    }

    /// The bytes of the database and of any -wal/-shm beside it, to compare before and after.
    func state(of database: String) throws -> [String: [UInt8]] {
        var state: [String: [UInt8]] = [:]
        for suffix in ["", "-wal", "-shm", "-journal"]
        where FileManager.default.fileExists(atPath: database + suffix) {
            state[suffix] = try bytes(database + suffix)
        }
        return state
    }

    /// Rows of `sql` on the database at `path`, each as its columns joined by tabs.
    ///
    /// Read-write, because a read-only connection to a WAL database leaves -wal and -shm behind.
    func rows(_ sql: String, in path: String) throws -> [String] {
        let connection = try RawConnection(path: path, mode: .readWrite)
        var rows: [String] = []
        try connection.forEachRow(sql) { row in
            rows.append((0..<row.count).map { row.text($0) ?? "NULL" }.joined(separator: "\t"))
        }
        try connection.close()
        return rows
    }

    /// A gzip file holding `content`, written with our writer and an optional header field.
    @discardableResult
    func writeGzip(
        _ content: [UInt8], to name: String, extraField: [UInt8] = [], level: Int32 = 6
    ) throws -> String {
        let path = path(name)
        let output = try FileDescriptor.createExclusive(path)
        let writer = try GzipWriter(output: output, level: level, extraField: extraField)
        try writer.write(content)
        try writer.finish()
        try output.close()
        return path
    }

    /// Runs a command; returns its exit status and standard output.
    func run(_ executable: String, _ arguments: [String]) throws -> (Int32, Data) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, data)
    }
}

/// The path of `name` if it is an executable in /bin or /usr/bin.
func systemTool(_ name: String) -> String? {
    SnapshotBenchmark.findExecutable(name)
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The queries whose answers must survive export and import unchanged.
let comparisonQueries = [
    "SELECT org, id, slug, name, json FROM teams ORDER BY org, id",
    "SELECT org, id, email, name, role, json FROM members ORDER BY org, id",
    "SELECT org, id, slug, platform, json FROM projects ORDER BY org, id",
    "SELECT org, team_id, member_id FROM team_members ORDER BY 1, 2, 3",
    "SELECT org, project_id, team_id FROM project_teams ORDER BY 1, 2, 3",
    "SELECT seq, entity, entity_id, op, changes FROM journal ORDER BY seq",
    "SELECT count(*) FROM server_members",
    "PRAGMA user_version",
]
