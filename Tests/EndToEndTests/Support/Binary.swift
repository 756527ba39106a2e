import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The built `sentry-mirror` executable, run as a subprocess with bounded waits.
///
/// It is found next to the test bundle (`.build/<config>/sentry-mirror`, which
/// `swift build --build-tests` builds along with the tests), or at
/// `$SENTRY_MIRROR_BINARY` when set.
enum Binary {
    /// What one run printed and how it ended.
    struct Result: CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String

        var description: String {
            "exit \(status)\n--- stdout\n\(stdout)\n--- stderr\n\(stderr)"
        }
    }

    /// The executable, or an error saying how to build it.
    static func url() throws -> URL {
        if let path = ProcessInfo.processInfo.environment["SENTRY_MIRROR_BINARY"] {
            return URL(fileURLWithPath: path)
        }
        let candidates = searchFolders().map { $0.appendingPathComponent("sentry-mirror") }
        let files = FileManager.default
        let found = candidates.first { files.isExecutableFile(atPath: $0.path) }
        guard let found else {
            throw E2EError(
                "the sentry-mirror binary is not built next to the tests (looked in "
                    + candidates.map(\.path).joined(separator: ", ")
                    + "): run 'swift build --build-tests' first, as scripts/test does."
            )
        }
        return found
    }

    /// The folder of the test bundle: the running executable's, and for a
    /// bundle loaded by a runner, the `.xctest` bundle's parent.
    private static func searchFolders() -> [URL] {
        var folders: [URL] = []
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            folders.append(URL(fileURLWithPath: path).deletingLastPathComponent())
        }
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            folders.append(URL(fileURLWithPath: bundle.bundlePath).deletingLastPathComponent())
        }
        folders.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        return folders
    }

    /// An environment with nothing of the caller's Sentry settings in it.
    static func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var environment: [String: String] = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "HOME": NSTemporaryDirectory(),
            "LANG": "C.UTF-8",
        ]
        environment.merge(extra) { _, new in new }
        return environment
    }

    /// Runs the tool to completion (killed after `timeout` seconds).
    static func run(
        _ arguments: [String], environment: [String: String] = Binary.environment(),
        in folder: URL? = nil, timeout: Double = 120
    ) throws -> Result {
        let process = try Subprocess(arguments: arguments, environment: environment, folder: folder)
        let finished = process.waitForExit(timeout: timeout)
        if !finished { process.kill() }
        let result = Result(status: process.status, stdout: process.stdout, stderr: process.stderr)
        guard finished else {
            throw E2EError("timed out after \(timeout) s: \(arguments)\n\(result)")
        }
        return result
    }
}

/// One running `sentry-mirror`, its output going to temporary files (no pipe
/// can fill up and block it).
final class Subprocess {
    private let process = Process()
    private let outputFolder: URL

    init(arguments: [String], environment: [String: String], folder: URL? = nil) throws {
        outputFolder = FileManager.default.temporaryDirectory
            .appendingPathComponent("e2e-output-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: outputFolder, withIntermediateDirectories: true)
        let out = outputFolder.appendingPathComponent("out")
        let err = outputFolder.appendingPathComponent("err")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        process.executableURL = try Binary.url()
        process.arguments = arguments
        process.environment = environment
        if let folder { process.currentDirectoryURL = folder }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
    }

    deinit {
        kill()
        try? FileManager.default.removeItem(at: outputFolder)
    }

    var stdout: String { read("out") }
    var stderr: String { read("err") }
    var status: Int32 { process.isRunning ? -1 : process.terminationStatus }

    private func read(_ name: String) -> String {
        let file = outputFolder.appendingPathComponent(name)
        let data = FileManager.default.contents(atPath: file.path)
        return String(decoding: data ?? Data(), as: UTF8.self)
    }

    /// Waits until the process ends or `timeout` seconds pass; true if it ended.
    func waitForExit(timeout: Double) -> Bool {
        waitUntil(timeout: timeout) { !self.process.isRunning }
    }

    /// Polls `condition` every 20 ms for at most `timeout` seconds.
    func waitUntil(timeout: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while !condition() {
            guard Date() < deadline else { return false }
            usleep(20_000)
        }
        return true
    }

    /// Asks the process to stop (SIGTERM), then forces it (SIGKILL) after 5 s.
    func kill() {
        guard process.isRunning else { return }
        process.terminate()
        if !waitForExit(timeout: 5) {
            Glibc.kill(process.processIdentifier, SIGKILL)
            _ = waitForExit(timeout: 5)
        }
    }
}

struct E2EError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A temporary folder removed when the value goes away.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("sentry-mirror-e2e-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    func path(_ name: String) -> String {
        url.appendingPathComponent(name).path
    }
}
