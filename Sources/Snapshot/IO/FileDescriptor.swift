#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An open POSIX file descriptor, closed when the value is released.
///
/// Every call retries `EINTR` and reports the call that failed, so that the
/// gzip streams and the importer's durable rename read as a list of steps.
final class FileDescriptor {
    /// The raw descriptor; valid until ``close()`` or deinit.
    private(set) var rawValue: Int32
    /// The path the descriptor was opened with, for error messages.
    let path: String

    private init(rawValue: Int32, path: String) {
        self.rawValue = rawValue
        self.path = path
    }

    deinit {
        if rawValue >= 0 { _ = Glibc.close(rawValue) }
    }

    /// Opens an existing file for reading.
    static func openForReading(_ path: String) throws(SystemCallError) -> FileDescriptor {
        let fd = try retryingEINTR("open", path) { Glibc.open(path, O_RDONLY | O_CLOEXEC) }
        return FileDescriptor(rawValue: fd, path: path)
    }

    /// Creates a new file for writing; fails when `path` already exists.
    static func createExclusive(
        _ path: String, mode: mode_t = 0o644
    ) throws(SystemCallError) -> FileDescriptor {
        let flags = O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC
        let fd = try retryingEINTR("open", path) { Glibc.open(path, flags, mode) }
        return FileDescriptor(rawValue: fd, path: path)
    }

    /// Opens a directory so that it can be synced after a rename inside it.
    static func openDirectory(_ path: String) throws(SystemCallError) -> FileDescriptor {
        let flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC
        let fd = try retryingEINTR("open", path) { Glibc.open(path, flags) }
        return FileDescriptor(rawValue: fd, path: path)
    }

    /// Reads up to `buffer.count` bytes; returns 0 at the end of the file.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(SystemCallError) -> Int {
        let count = try Self.retryingEINTR("read", path) {
            Glibc.read(rawValue, buffer.baseAddress, buffer.count)
        }
        return count
    }

    /// Reads until `buffer` is full or the file ends; returns the bytes read.
    func readFully(into buffer: UnsafeMutableRawBufferPointer) throws(SystemCallError) -> Int {
        var total = 0
        while total < buffer.count {
            let count = try read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[total...]))
            if count == 0 { break }
            total += count
        }
        return total
    }

    /// Writes all of `bytes`, looping over short writes.
    func write(_ bytes: UnsafeRawBufferPointer) throws(SystemCallError) {
        var offset = 0
        while offset < bytes.count {
            let rest = UnsafeRawBufferPointer(rebasing: bytes[offset...])
            let count = try Self.retryingEINTR("write", path) {
                Glibc.write(rawValue, rest.baseAddress, rest.count)
            }
            offset += count
        }
    }

    /// Overwrites bytes at `offset` without moving the file position.
    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64) throws(SystemCallError) {
        var done = 0
        while done < bytes.count {
            let rest = UnsafeRawBufferPointer(rebasing: bytes[done...])
            let count = try Self.retryingEINTR("pwrite", path) {
                Glibc.pwrite(rawValue, rest.baseAddress, rest.count, off_t(offset) + off_t(done))
            }
            done += count
        }
    }

    /// Flushes the file's data and metadata to the disk.
    func sync() throws(SystemCallError) {
        _ = try Self.retryingEINTR("fsync", path) { Glibc.fsync(rawValue) }
    }

    /// Closes the descriptor, reporting a failed close (which can lose writes).
    func close() throws(SystemCallError) {
        guard rawValue >= 0 else { return }
        let fd = rawValue
        rawValue = -1
        // close(2) must not be retried on EINTR on Linux: the descriptor is gone either way.
        if Glibc.close(fd) != 0 { throw SystemCallError(call: "close", path: path, errno: errno) }
    }

    /// Runs `body` until it succeeds or fails with something other than `EINTR`.
    private static func retryingEINTR<T: BinaryInteger>(
        _ call: String, _ path: String, _ body: () -> T
    ) throws(SystemCallError) -> T {
        while true {
            let result = body()
            if result >= 0 { return result }
            if errno != EINTR { throw SystemCallError(call: call, path: path, errno: errno) }
        }
    }
}

/// A failed system call: which call, on which path, and the `errno` it set.
struct SystemCallError: Error, CustomStringConvertible {
    var call: String
    var path: String
    var errno: Int32

    var description: String {
        "\(call) \(path): \(String(cString: strerror(errno)))"
    }
}

/// File-system steps around the descriptor: size, rename, remove.
enum FileSystem {
    /// The size of the file at `path`, or `nil` when there is none.
    static func size(of path: String) -> Int64? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Int64(info.st_size)
    }

    /// Whether `first` and `second` name the same existing file (same device and inode).
    static func isSameFile(_ first: String, _ second: String) -> Bool {
        var a = stat()
        var b = stat()
        guard stat(first, &a) == 0, stat(second, &b) == 0 else { return false }
        return a.st_dev == b.st_dev && a.st_ino == b.st_ino
    }

    /// Whether anything exists at `path`.
    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// Renames `source` to `destination` atomically, replacing what was there.
    static func rename(_ source: String, to destination: String) throws(SystemCallError) {
        guard Glibc.rename(source, destination) == 0 else {
            throw SystemCallError(call: "rename", path: destination, errno: errno)
        }
    }

    /// Removes `path` if it exists; a missing file is not an error.
    static func removeIfPresent(_ path: String) {
        _ = unlink(path)
    }

    /// The folder holding `path` ("." for a bare file name).
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// A fresh path beside `path` for a temporary file: same folder, so rename is atomic.
    static func temporarySibling(of path: String, purpose: String) -> String {
        let random = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        let name = path.split(separator: "/").last.map(String.init) ?? "snapshot"
        return directory(of: path) + "/.\(name).\(purpose)-\(getpid())-\(random)"
    }

    /// Syncs the folder holding `path`, so that a rename inside it is durable.
    static func syncDirectory(of path: String) throws(SystemCallError) {
        let directory = try FileDescriptor.openDirectory(directory(of: path))
        try directory.sync()
        try directory.close()
    }
}
