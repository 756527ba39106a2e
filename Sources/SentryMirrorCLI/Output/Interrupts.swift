import Dispatch
import Foundation

/// Suspends until the process receives SIGINT or SIGTERM.
func waitForInterrupt() async {
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
        InterruptWatcher.shared.onInterrupt { continuation.resume() }
    }
}

/// Turns SIGINT and SIGTERM into callbacks on a dispatch queue, once per registration.
final class InterruptWatcher: @unchecked Sendable {
    // Unchecked: `handlers` and `sources` are only touched on `queue`.
    static let shared = InterruptWatcher()

    private let queue = DispatchQueue(label: "sentry-mirror.interrupts")
    private var handlers: [@Sendable () -> Void] = []
    private var sources: [DispatchSourceSignal] = []
    private(set) var interrupted = false

    private init() {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            source.setEventHandler { [unowned self] in
                self.interrupted = true
                let pending = self.handlers
                self.handlers.removeAll()
                pending.forEach { $0() }
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Calls `handler` once at the next interrupt (or at once if one already came).
    func onInterrupt(_ handler: @escaping @Sendable () -> Void) {
        queue.async {
            if self.interrupted { handler() } else { self.handlers.append(handler) }
        }
    }

    /// Whether an interrupt has arrived.
    var hasBeenInterrupted: Bool { queue.sync { interrupted } }
}
