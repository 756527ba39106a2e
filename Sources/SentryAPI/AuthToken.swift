import Foundation

/// A Sentry auth token, kept out of every printed form.
///
/// `description`, `debugDescription` and string interpolation all print
/// `<redacted>`. The secret leaves this type only as the value of an
/// `Authorization` header (``authorizationHeaderValue``), so it cannot end up
/// in an error, a log line, the database or a snapshot by accident.
public struct AuthToken: Sendable, Hashable, CustomStringConvertible,
    CustomDebugStringConvertible
{
    private let secret: String

    /// Wraps `secret` after trimming surrounding whitespace.
    ///
    /// - Throws: ``AuthTokenError/empty(source:)`` when nothing is left, and
    ///   ``AuthTokenError/containsWhitespace(source:)`` for a token with inner
    ///   whitespace, which Sentry would refuse with a confusing 401.
    public init(_ secret: String, source: String = "the token") throws {
        let trimmed = secret.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw AuthTokenError.empty(source: source) }
        guard !trimmed.contains(where: \.isWhitespace) else {
            throw AuthTokenError.containsWhitespace(source: source)
        }
        self.secret = trimmed
    }

    /// Loads the token the way Sentry's own CLI does.
    ///
    /// A `tokenFile` (from `--auth-token-file PATH`) wins over the
    /// `SENTRY_AUTH_TOKEN` variable of `environment`. Surrounding whitespace,
    /// such as the newline an editor leaves at the end of a file, is trimmed.
    ///
    /// - Throws: ``AuthTokenError`` naming the source and how to fix it.
    public static func load(
        environment: [String: String],
        tokenFile: String? = nil
    ) throws -> AuthToken {
        if let tokenFile {
            return try load(file: tokenFile)
        }
        guard let value = environment[environmentVariable] else {
            throw AuthTokenError.missing
        }
        return try AuthToken(value, source: "SENTRY_AUTH_TOKEN")
    }

    /// The environment variable that holds the token, as in `sentry-cli`.
    public static let environmentVariable = "SENTRY_AUTH_TOKEN"

    private static func load(file path: String) throws -> AuthToken {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let reason = FileManager.default.fileExists(atPath: path)
                ? "it cannot be read" : "it does not exist"
            throw AuthTokenError.unreadableFile(path: path, reason: reason)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw AuthTokenError.unreadableFile(path: path, reason: "it is not UTF-8 text")
        }
        return try AuthToken(text, source: "the token file \(path)")
    }

    /// The value for an `Authorization` header: `Bearer <token>`.
    public var authorizationHeaderValue: String { "Bearer \(secret)" }

    /// Replaces every occurrence of the secret in `text` with `<redacted>`.
    ///
    /// Used on text that came from elsewhere (a server's error body, say)
    /// before it goes into an error, in case the server echoed the token.
    /// Secrets shorter than ``minimumRedactedLength`` are left alone: they are
    /// test tokens, and replacing every `t` of a message helps nobody.
    public func redact(_ text: String) -> String {
        guard secret.count >= Self.minimumRedactedLength, text.contains(secret) else {
            return text
        }
        return text.replacingOccurrences(of: secret, with: "<redacted>")
    }

    /// Real Sentry tokens are 64 characters or more.
    public static let minimumRedactedLength = 8

    public var description: String { "<redacted>" }
    public var debugDescription: String { "AuthToken(<redacted>)" }
}

/// Why no usable auth token was found.
public enum AuthTokenError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Neither `SENTRY_AUTH_TOKEN` nor `--auth-token-file` was given.
    case missing
    /// The token file could not be read.
    case unreadableFile(path: String, reason: String)
    /// The token source held only whitespace.
    case empty(source: String)
    /// The token had whitespace inside it.
    case containsWhitespace(source: String)

    public var description: String {
        switch self {
        case .missing:
            return "No Sentry auth token: set SENTRY_AUTH_TOKEN or pass --auth-token-file PATH "
                + "(create a token at https://sentry.io/settings/account/api/auth-tokens/)."
        case .unreadableFile(let path, let reason):
            return "Cannot read the auth token file \(path): \(reason). "
                + "Check the path given to --auth-token-file."
        case .empty(let source):
            return "The auth token in \(source) is empty: put your token there "
                + "(create one at https://sentry.io/settings/account/api/auth-tokens/)."
        case .containsWhitespace(let source):
            return "The auth token in \(source) contains whitespace. "
                + "A Sentry token is one word; copy it again."
        }
    }
}
