/// A bearer token the emulator accepts, with the scopes it grants.
///
/// Every token acts as the organization's first owner (the lowest-id accepted
/// member with the `owner` role); only its scopes differ.
public struct EmulatorToken: Sendable, Equatable {
    /// The secret sent as `Authorization: Bearer <value>`.
    public var value: String
    /// The token's scopes, reported by `GET /api/0/` and checked per route.
    public var scopes: [String]

    /// Makes a token; by default it carries an owner's scopes.
    public init(value: String, scopes: [String] = EmulatorToken.ownerScopes) {
        self.value = value
        self.scopes = scopes
    }

    /// The scopes of an organization owner, as a token created with every
    /// permission set to "Admin" carries them.
    public static let ownerScopes: [String] = [
        "org:admin", "org:write", "org:read",
        "member:admin", "member:write", "member:read", "member:invite",
        "team:admin", "team:write", "team:read",
        "project:admin", "project:write", "project:read", "project:releases",
        "event:admin", "event:write", "event:read",
        "alerts:read", "alerts:write",
    ]

    /// The token value used when no token is configured.
    public static let defaultValue = "emulator-token"
}

/// Everything the `sentry-mirror emulator` flags can set.
public struct EmulatorOptions: Sendable {
    /// The loopback port to listen on; 0 picks any free port.
    public var port: UInt16
    /// Milliseconds added to every `/api/0/` request before it is answered.
    public var latencyMilliseconds: Int
    /// Requests allowed per token in each fixed one-second window.
    ///
    /// `nil` is self-hosted mode: no `X-Sentry-Rate-Limit-*` headers and never
    /// a 429, as on a Sentry install with the rate limiter disabled.
    public var rateLimitPerSecond: Int?
    /// The accepted tokens.
    public var tokens: [EmulatorToken]

    /// Makes options; the defaults are any port, no latency, self-hosted mode
    /// and one owner token named ``EmulatorToken/defaultValue``.
    public init(
        port: UInt16 = 0,
        latencyMilliseconds: Int = 0,
        rateLimitPerSecond: Int? = nil,
        tokens: [EmulatorToken] = [EmulatorToken(value: EmulatorToken.defaultValue)]
    ) {
        self.port = port
        self.latencyMilliseconds = latencyMilliseconds
        self.rateLimitPerSecond = rateLimitPerSecond
        self.tokens = tokens
    }
}
