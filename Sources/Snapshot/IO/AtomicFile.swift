/// A file written beside its destination and renamed over it only when complete.
///
/// Until ``commit()`` the destination is untouched; a failure or an early exit
/// removes the temporary file in deinit. Commit syncs the data, renames, and
/// syncs the folder, so that after a crash the destination is either the old
/// file or the whole new one.
final class AtomicFile {
    /// Where the file ends up.
    let destination: String
    /// Where it is written meanwhile (same folder, so rename is atomic).
    let temporaryPath: String
    /// The open temporary file.
    let descriptor: FileDescriptor
    private var isCommitted = false

    /// Creates the temporary file beside `destination`.
    init(destination: String) throws(SystemCallError) {
        self.destination = destination
        temporaryPath = FileSystem.temporarySibling(of: destination, purpose: "partial")
        descriptor = try FileDescriptor.createExclusive(temporaryPath)
    }

    deinit {
        if !isCommitted { FileSystem.removeIfPresent(temporaryPath) }
    }

    /// Syncs and closes the temporary file, renames it to the destination, syncs the folder.
    func commit() throws(SystemCallError) {
        try descriptor.sync()
        try descriptor.close()
        try FileSystem.rename(temporaryPath, to: destination)
        isCommitted = true
        try FileSystem.syncDirectory(of: destination)
    }
}
