import Foundation
import Synchronization

/// What an injected fault does to a matching request.
public enum EmulatorFaultAction: Sendable, Equatable {
    /// Answer with this status instead of handling the request (500 gets
    /// Sentry's `Internal Error` body; 502, 503 and 504 a proxy's HTML page).
    case status(Int)
    /// Close the connection without answering; nothing is applied.
    case drop
    /// Handle the request (a write takes effect), then close the connection
    /// without answering, as when a proxy dies after the backend committed.
    case dropAfterApply
}

/// A rule that makes matching API requests fail.
public struct EmulatorFault: Sendable, Equatable {
    /// The HTTP method to match, or nil for any.
    public var method: String?
    /// The exact request path (e.g. `/api/0/organizations/acme/members/`) or
    /// a route template (`/api/0/organizations/{org}/members/`).
    public var path: String
    /// Query parameters that must be present with these values; a nil value
    /// means the parameter must be absent (e.g. `cursor: nil` = first page).
    public var match: [String: String?]
    public var action: EmulatorFaultAction
    /// How many requests it fails before it is used up; nil for no limit.
    public var times: Int?

    public init(method: String? = nil, path: String, match: [String: String?] = [:],
                action: EmulatorFaultAction, times: Int? = 1) {
        self.method = method
        self.path = path
        self.match = match
        self.action = action
        self.times = times
    }

    func matches(_ request: EmulatorRequest, template: String?) -> Bool {
        if let method, method.uppercased() != request.method { return false }
        guard path == request.path || path == template else { return false }
        return match.allSatisfy { name, expected in request.parameter(name) == expected }
    }

    /// The response an injected status gives.
    func response() -> EmulatorResponse {
        guard case .status(let status) = action else { return .dropped }
        switch status {
        case 500:
            let errorID = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            return .json(500, ["detail": "Internal Error", "errorId": errorID])
        case 502, 503, 504:
            let reason = [502: "Bad Gateway", 503: "Service Unavailable",
                          504: "Gateway Timeout"][status] ?? ""
            let html = "<html><head><title>\(status) \(reason)</title></head><body>"
                + "<center><h1>\(status) \(reason)</h1></center></body></html>\n"
            return EmulatorResponse(status: status,
                                    headers: [("Content-Type", "text/html; charset=utf-8")],
                                    body: Data(html.utf8))
        default:
            return .detail(status, "Injected fault: status \(status).")
        }
    }
}

/// The active fault rules; the first matching rule wins and is used up.
final class FaultInjector: Sendable {
    private let rules = Mutex<[EmulatorFault]>([])

    func add(_ fault: EmulatorFault) {
        rules.withLock { $0.append(fault) }
    }

    func clear() {
        rules.withLock { $0.removeAll() }
    }

    var active: [EmulatorFault] {
        rules.withLock { $0 }
    }

    /// The first rule matching `request`, counting one use of it.
    func take(for request: EmulatorRequest, template: String?) -> EmulatorFault? {
        rules.withLock { rules in
            guard let index = rules.firstIndex(where: { $0.matches(request, template: template) })
            else { return nil }
            let rule = rules[index]
            if let times = rule.times {
                if times <= 1 { rules.remove(at: index) } else { rules[index].times = times - 1 }
            }
            return rule
        }
    }
}
