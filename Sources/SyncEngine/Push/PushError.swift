/// Why a mutation could not be sent.
public enum PushError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The mutation targets a locally created entity that Sentry has not confirmed.
    case unresolvedTarget(String)

    public var description: String {
        switch self {
        case .unresolvedTarget(let id):
            "it targets \(id), which Sentry has not created yet; push its creation first"
        }
    }
}
