import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif

/// A mirror file and the flags that point the built binary at it and at one
/// server, for the push tests.
struct PushCLI {
    let database: String
    var url: String
    let token: String

    /// Runs `sentry-mirror --db … [--url …] --org acme ARGUMENTS`.
    func run(_ arguments: [String], timeout: Double = 120) throws -> Binary.Result {
        try Binary.run(
            flags(arguments) + arguments, environment: Binary.environment(["SENTRY_AUTH_TOKEN": token]),
            timeout: timeout
        )
    }

    /// Runs a command that must exit 0.
    @discardableResult
    func succeed(_ arguments: [String]) throws -> Binary.Result {
        let result = try run(arguments)
        guard result.status == 0 else { throw E2EError("\(arguments) failed: \(result)") }
        return result
    }

    /// Starts a command without waiting for it.
    func start(_ arguments: [String]) throws -> KillableProcess {
        try KillableProcess(
            arguments: flags(arguments) + arguments,
            environment: Binary.environment(["SENTRY_AUTH_TOKEN": token])
        )
    }

    /// The global flags; `--url` only for the commands that talk to Sentry
    /// (the local writes refuse it: they need no network).
    func flags(_ arguments: [String]) -> [String] {
        let server = ["pull", "push", "sync"].contains(arguments.first ?? "")
        return ["--db", database] + (server ? ["--url", url] : []) + ["--org", "acme"]
    }

    /// `pending list --json`, parsed.
    func pending() throws -> [[String: Any]] {
        let result = try succeed(["pending", "list", "--json"])
        let parsed = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
        guard let list = parsed as? [[String: Any]] else {
            throw E2EError("pending list --json is not an array of objects: \(result)")
        }
        return list
    }
}

/// The repository's `Fixtures/acme.json`.
let pushFixtureURL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/acme.json")

/// A `sentry-mirror` run that a test can SIGKILL at any moment. Output goes
/// to temporary files; the process is killed when the value goes away.
final class KillableProcess {
    private let process = Process()
    private let outputFolder: URL

    init(arguments: [String], environment: [String: String]) throws {
        outputFolder = FileManager.default.temporaryDirectory
            .appendingPathComponent("push-e2e-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: outputFolder, withIntermediateDirectories: true)
        for name in ["out", "err"] {
            FileManager.default.createFile(atPath: file(name).path, contents: nil)
        }
        process.executableURL = try Binary.url()
        process.arguments = arguments
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: file("out"))
        process.standardError = try FileHandle(forWritingTo: file("err"))
        try process.run()
    }

    deinit {
        kill()
        try? FileManager.default.removeItem(at: outputFolder)
    }

    private func file(_ name: String) -> URL { outputFolder.appendingPathComponent(name) }

    var isRunning: Bool { process.isRunning }
    var stdout: String { read("out") }
    var stderr: String { read("err") }
    /// The exit status; -1 while running.
    var status: Int32 { process.isRunning ? -1 : process.terminationStatus }

    private func read(_ name: String) -> String {
        String(decoding: FileManager.default.contents(atPath: file(name).path) ?? Data(), as: UTF8.self)
    }

    /// Waits at most `seconds` for the process to end; true if it did.
    @discardableResult
    func wait(seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning {
            guard Date() < deadline else { return false }
            usleep(5_000)
        }
        return true
    }

    /// SIGKILL at once (no chance to clean up), then waits for the end.
    func kill() {
        guard process.isRunning else { return }
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

/// One row of the organization's audit log, as the endpoint returns it.
struct PushAuditRow {
    var event: String
    var targetObject: Int
    var data: [String: String]
}

/// Reads the whole audit log over HTTP (`GET …/audit-logs/`, every page).
enum PushAuditLog {
    static func read(baseURL: String, org: String, token: String) async throws -> [PushAuditRow] {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 30
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }
        var next: URL? = URL(string: baseURL + "/api/0/organizations/\(org)/audit-logs/?per_page=20")
        var rows: [PushAuditRow] = []
        var pages = 0
        while let url = next {
            pages += 1
            guard pages <= 100 else { throw E2EError("the audit log did not end after 100 pages") }
            var request = URLRequest(url: url)
            request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
            let (data, response) = try await session.data(for: request)
            guard let http = response as? HTTPURLResponse, http.statusCode == 200 else {
                throw E2EError("audit log: \(response) \(String(decoding: data, as: UTF8.self))")
            }
            let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            for row in object?["rows"] as? [[String: Any]] ?? [] {
                let data = (row["data"] as? [String: Any] ?? [:]).compactMapValues { $0 as? String }
                rows.append(PushAuditRow(
                    event: row["event"] as? String ?? "",
                    targetObject: (row["targetObject"] as? NSNumber)?.intValue ?? -1,
                    data: data
                ))
            }
            next = nextPage(http.value(forHTTPHeaderField: "Link"))
        }
        return rows
    }

    /// The `rel="next"` URL of a Link header when it says `results="true"`.
    static func nextPage(_ header: String?) -> URL? {
        guard let header else { return nil }
        for part in header.split(separator: ",") {
            guard part.contains("rel=\"next\""), part.contains("results=\"true\""),
                let open = part.firstIndex(of: "<"), let close = part.firstIndex(of: ">")
            else { continue }
            return URL(string: String(part[part.index(after: open)..<close]))
        }
        return nil
    }
}

/// A `sentry-mirror emulator` subprocess and the URL it listens on.
final class PushEmulatorProcess {
    let process: KillableProcess
    let url: String

    /// Starts `sentry-mirror emulator ARGUMENTS` and waits (at most 30 s) for
    /// its `listening on http://127.0.0.1:PORT` line.
    init(_ arguments: [String]) throws {
        process = try KillableProcess(
            arguments: ["emulator"] + arguments, environment: Binary.environment()
        )
        let deadline = Date().addingTimeInterval(30)
        var found: String?
        while found == nil, process.isRunning, Date() < deadline {
            found = Self.listeningURL(in: process.stdout)
            if found == nil { usleep(20_000) }
        }
        guard let found = found ?? Self.listeningURL(in: process.stdout) else {
            process.kill()
            throw E2EError("the emulator did not say where it listens: \(process.stdout)"
                + process.stderr)
        }
        url = found
    }

    deinit { process.kill() }

    func kill() { process.kill() }

    static func listeningURL(in output: String) -> String? {
        for line in output.split(separator: "\n") {
            guard let range = line.range(of: "listening on http://127.0.0.1:") else { continue }
            let url = line[range.lowerBound...].dropFirst("listening on ".count)
            return url.trimmingCharacters(in: .whitespaces)
        }
        return nil
    }
}
