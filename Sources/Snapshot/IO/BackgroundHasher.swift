import Dispatch

/// Computes SHA-256 on a second thread while the caller compresses the same bytes.
///
/// Export reads the database once: each chunk goes to deflate on the calling
/// thread and to this hasher on a serial queue, so the checksum costs no
/// wall-clock time on a machine with a spare core. The caller reads into a
/// small ring of buffers and must call ``waitUntilFree(_:)`` before reusing
/// one, which bounds memory to the ring.
final class BackgroundHasher {
    /// The buffers chunks are read into; owned by this hasher.
    let slots: [UnsafeMutableRawBufferPointer]
    private let state: HashState
    private let queue = DispatchQueue(label: "sentry-mirror.snapshot.sha256")
    private let free: [DispatchSemaphore]

    /// Allocates `slotCount` buffers of `slotSize` bytes each.
    init(slotCount: Int = 3, slotSize: Int) {
        slots = (0..<slotCount).map { _ in
            .allocate(byteCount: slotSize, alignment: 16)
        }
        free = (0..<slotCount).map { _ in DispatchSemaphore(value: 1) }
        state = HashState()
    }

    deinit {
        // Every queued block must finish before the buffers it reads go away.
        queue.sync {}
        slots.forEach { $0.deallocate() }
    }

    /// Blocks until the hash of what slot `index` held last has been computed.
    func waitUntilFree(_ index: Int) {
        free[index].wait()
    }

    /// Queues the first `count` bytes of slot `index` for hashing; the slot stays busy meanwhile.
    func hash(slot index: Int, count: Int) {
        let chunk = Chunk(bytes: UnsafeRawBufferPointer(rebasing: slots[index][..<count]))
        let state = state
        let done = free[index]
        queue.async {
            state.sha.update(chunk.bytes)
            done.signal()
        }
    }

    /// Releases slot `index` without hashing anything from it (the file ended).
    func release(_ index: Int) {
        free[index].signal()
    }

    /// Waits for all queued chunks and returns the digest as lowercase hex.
    func finalize() -> String {
        queue.sync { SHA256.hex(state.sha.finalize()) }
    }
}

/// The running digest, touched only on the hasher's serial queue.
// @unchecked: every access happens on BackgroundHasher.queue, which serializes them.
private final class HashState: @unchecked Sendable {
    var sha = SHA256()
}

/// A view of a slot handed to the hashing queue.
// @unchecked: the slot is not written until the hasher signals that it is free again.
private struct Chunk: @unchecked Sendable {
    let bytes: UnsafeRawBufferPointer
}
