import Foundation

/// Where the tool writes: results on stdout, diagnostics and progress on stderr.
struct Terminal: Sendable {
    /// Writes `text` and a newline to standard output.
    func print(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    /// Writes `text` and a newline to standard error.
    func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Whether standard error is a terminal, which is when progress is shown.
    var showsProgress: Bool { isatty(STDERR_FILENO) == 1 }

    /// Rewrites the progress line on stderr when it is a terminal.
    func progress(_ text: String) {
        guard showsProgress else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
    }

    /// Clears the progress line.
    func endProgress() {
        guard showsProgress else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
