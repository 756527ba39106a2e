import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif

/// `sentry-mirror emulator` running as a subprocess, with its admin routes at hand.
///
/// Built on ``Subprocess`` and ``PullCommandTests/listeningURL(in:)``; the
/// emulator stops when the value goes away.
final class FeedEmulatorProcess {
    let process: Subprocess
    let baseURL: String
    let token: String

    /// Starts the emulator with `arguments` (such as `--fixture FILE`) and waits,
    /// at most 30 s, for its `listening on` line.
    init(_ arguments: [String]) throws {
        let token = "feed-" + UUID().uuidString
        self.token = token
        let process = try Subprocess(
            arguments: ["emulator", "--token", token] + arguments,
            environment: Binary.environment()
        )
        var url: String?
        _ = process.waitUntil(timeout: 30) {
            url = PullCommandTests.listeningURL(in: process.stdout)
            return url != nil || process.status >= 0
        }
        guard let url else {
            process.kill()
            throw E2EError("the emulator did not start: \(process.stdout)\(process.stderr)")
        }
        self.process = process
        baseURL = url
    }

    deinit {
        process.kill()
    }

    /// An environment holding the emulator's token.
    var environment: [String: String] { Binary.environment(["SENTRY_AUTH_TOKEN": token]) }

    /// The global options that point the tool at `database` and this emulator.
    func options(database: String, org: String = "acme") -> [String] {
        ["--db", database, "--url", baseURL, "--org", org]
    }

    /// Runs the tool against this emulator and `database`.
    func run(_ arguments: [String], database: String, org: String = "acme")
        throws -> Binary.Result
    {
        try Binary.run(options(database: database, org: org) + arguments, environment: environment)
    }

    /// `POST /_emulator/mutate` with `operation`; returns the affected id.
    @discardableResult
    func mutate(_ operation: [String: Any]) async throws -> String {
        let object = try await admin("POST", "/_emulator/mutate", body: operation)
        guard let id = object["id"] as? String else {
            throw E2EError("mutate \(operation) answered \(object)")
        }
        return id
    }

    /// One admin request with a JSON body; the answer as a JSON object.
    func admin(_ method: String, _ path: String, body: [String: Any]? = nil)
        async throws -> [String: Any]
    {
        var request = URLRequest(url: URL(string: baseURL + path)!)
        request.httpMethod = method
        request.timeoutInterval = 20
        if let body {
            request.httpBody = try JSONSerialization.data(withJSONObject: body)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, _) = try await URLSession.shared.data(for: request)
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw E2EError("\(method) \(path) did not answer a JSON object")
        }
        return object
    }
}

/// Signals to a child of the test process, found by its command line.
enum FeedSignals {
    /// Sends `signal` to every child process of this one whose arguments
    /// include `marker` (a path unique to the test); returns how many.
    @discardableResult
    static func send(_ signal: Int32, toChildWithArgument marker: String) -> Int {
        let me = getpid()
        var sent = 0
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for entry in entries {
            guard let pid = Int32(entry), parent(of: pid) == me else { continue }
            let arguments = commandLine(of: pid)
            guard arguments.contains(marker) else { continue }
            if kill(pid, signal) == 0 { sent += 1 }
        }
        return sent
    }

    /// The parent pid in `/proc/PID/stat` (the field after the `)` of the name).
    private static func parent(of pid: Int32) -> Int32? {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/stat"),
              let text = String(data: data, encoding: .utf8),
              let close = text.lastIndex(of: ")")
        else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        return fields.count > 1 ? Int32(fields[1]) : nil
    }

    private static func commandLine(of pid: Int32) -> [String] {
        let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") ?? Data()
        return data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
    }
}
