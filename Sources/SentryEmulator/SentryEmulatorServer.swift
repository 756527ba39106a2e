import CMicroHTTPD
import Foundation
import Synchronization

/// Serves an ``EmulatorState`` as Sentry's REST API on 127.0.0.1, using
/// libmicrohttpd with one thread per connection (so latency sleeps and slow
/// clients never hold up other connections).
///
/// ```swift
/// let server = SentryEmulatorServer(state: .generated(org: "acme", teams: 4,
///                                                     members: 50, projects: 10),
///                                   options: EmulatorOptions())
/// let port = try server.start()
/// defer { server.stop() }
/// ```
///
/// Besides `/api/0/…` it answers the admin routes documented on
/// ``handleAdmin`` (`/_emulator/stats`, `reset`, `mutate`, `faults`, `clock`);
/// the same operations are methods of this class and of ``EmulatorState``.
public final class SentryEmulatorServer: Sendable {
    /// The organization being served.
    public let state: EmulatorState
    /// The options the server was made with.
    public let options: EmulatorOptions
    let router: Router
    private let daemon = Mutex<DaemonHandle?>(nil)

    /// Makes a server; nothing listens until ``start()``.
    public init(state: EmulatorState, options: EmulatorOptions = EmulatorOptions()) {
        self.state = state
        self.options = options
        self.router = Router(state: state, options: options)
    }

    deinit {
        stop()
    }

    /// Starts listening on 127.0.0.1 and returns the bound port once requests
    /// are accepted. Calling it again while running returns the same port.
    ///
    /// - Throws: ``EmulatorServerError`` when the port cannot be bound.
    @discardableResult
    public func start() throws -> UInt16 {
        try daemon.withLock { handle in
            if let handle { return handle.port }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = options.port.bigEndian
            address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
            let flags = MHD_USE_INTERNAL_POLLING_THREAD.rawValue
                | MHD_USE_THREAD_PER_CONNECTION.rawValue | MHD_USE_POLL.rawValue
            let context = Unmanaged.passUnretained(router).toOpaque()
            let started = withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                    mhd_shim_start(flags, socketAddress, accessHandler, uriHook,
                                   completionHook, context)
                }
            }
            guard let started else { throw EmulatorServerError.cannotListen(port: options.port) }
            let port = mhd_shim_bound_port(started)
            handle = DaemonHandle(pointer: started, port: port)
            router.baseURL = "http://127.0.0.1:\(port)"
            return port
        }
    }

    /// Stops listening and closes every connection; waits for handlers to end.
    public func stop() {
        let handle = daemon.withLock { handle in
            defer { handle = nil }
            return handle
        }
        if let handle { MHD_stop_daemon(handle.pointer) }
    }

    /// The bound port, or nil before ``start()``.
    public var port: UInt16? {
        daemon.withLock { $0?.port }
    }

    /// `http://127.0.0.1:PORT` (port 0 before ``start()``).
    public var baseURL: URL {
        // A literal loopback URL with a numeric port always parses.
        URL(string: "http://127.0.0.1:\(port ?? 0)")!
    }

    // MARK: Stats and faults

    /// API request counts keyed by `"METHOD /api/0/route/{template}/"`.
    public func requestCounts() -> [String: Int] {
        router.requestCounts()
    }

    /// The number of API requests counted since start or the last reset.
    public var totalRequests: Int {
        requestCounts().values.reduce(0, +)
    }

    /// Sets every request count to zero.
    public func resetRequestCounts() {
        router.resetRequestCounts()
    }

    /// Makes matching API requests fail as the rule says.
    public func addFault(_ fault: EmulatorFault) {
        router.faults.add(fault)
    }

    /// Removes every fault rule.
    public func clearFaults() {
        router.faults.clear()
    }
}

/// Why the emulator could not start.
public enum EmulatorServerError: Error, CustomStringConvertible, Equatable {
    case cannotListen(port: UInt16)

    public var description: String {
        switch self {
        case .cannotListen(let port):
            "Could not listen on 127.0.0.1:\(port): the port is probably in use. "
                + "Choose another port, or 0 to let the system pick a free one."
        }
    }
}

/// The running daemon. `@unchecked Sendable`: the pointer is only touched
/// under the server's mutex, and libmicrohttpd's stop call is thread-safe.
private struct DaemonHandle: @unchecked Sendable {
    var pointer: OpaquePointer
    var port: UInt16
}

/// Per-request state kept by libmicrohttpd between handler calls.
private final class RequestContext {
    let target: String
    var hasSeenHeaders = false
    var body = Data()

    init(target: String) {
        self.target = target
    }
}

/// Called first for every request with the raw request target; its result
/// becomes the request's context (released in `completionHook`).
private let uriHook: @convention(c) (
    UnsafeMutableRawPointer?, UnsafePointer<CChar>?, OpaquePointer?
) -> UnsafeMutableRawPointer? = { _, uri, _ in
    let target = uri.map { String(cString: $0) } ?? "/"
    return Unmanaged.passRetained(RequestContext(target: target)).toOpaque()
}

private let completionHook: MHD_RequestCompletedCallback = { _, _, contextSlot, _ in
    guard let contextSlot, let raw = contextSlot.pointee else { return }
    Unmanaged<RequestContext>.fromOpaque(raw).release()
    contextSlot.pointee = nil
}

/// libmicrohttpd's access handler: called once with the headers, once per
/// body chunk, and once more at the end, when the request is answered.
private let accessHandler: MHD_AccessHandlerCallback = {
    cls, connection, _, method, _, uploadData, uploadSize, contextSlot in
    guard let cls, let connection, let contextSlot, let raw = contextSlot.pointee else {
        return .NO
    }
    let context = Unmanaged<RequestContext>.fromOpaque(raw).takeUnretainedValue()
    if !context.hasSeenHeaders {
        context.hasSeenHeaders = true
        return .YES
    }
    if let uploadSize, uploadSize.pointee > 0 {
        if let uploadData {
            context.body.append(UnsafeRawPointer(uploadData).assumingMemoryBound(to: UInt8.self),
                                count: uploadSize.pointee)
        }
        uploadSize.pointee = 0
        return .YES
    }
    let router = Unmanaged<Router>.fromOpaque(cls).takeUnretainedValue()
    let authorization = MHD_lookup_connection_value(connection, .HEADER_KIND, "Authorization")
    let request = EmulatorRequest(
        method: method.map { String(cString: $0) } ?? "GET",
        target: context.target,
        authorization: authorization.map { String(cString: $0) },
        body: context.body
    )
    let response = router.handle(request)
    return send(response, on: connection)
}

/// `MHD_RESPMEM_MUST_COPY` (value 2 in microhttpd.h); the closed C enum imports
/// without a usable case name.
private let mustCopy = MHD_ResponseMemoryMode(rawValue: 2)!

/// Queues `response` as one buffer (header and body leave in one write).
private func send(_ response: EmulatorResponse, on connection: OpaquePointer) -> MHD_Result {
    if response.dropConnection { return .NO }
    var body = response.body
    if body.isEmpty { body = Data([0]) }
    let length = response.body.count
    let mhdResponse = body.withUnsafeMutableBytes { buffer in
        MHD_create_response_from_buffer(length, buffer.baseAddress, mustCopy)
    }
    guard let mhdResponse else { return .NO }
    defer { MHD_destroy_response(mhdResponse) }
    for header in response.headers {
        _ = MHD_add_response_header(mhdResponse, header.name, header.value)
    }
    return MHD_queue_response(connection, UInt32(response.status), mhdResponse)
}
