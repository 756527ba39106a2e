import Foundation
import SentryAPI
import Testing

struct ConfigurationTests {
    private let token = try! AuthToken(secretToken)  // A literal that is a valid token.

    @Test(arguments: ["https://sentry.io", "https://de.sentry.io/", "https://sentry.example.com/sentry"])
    func httpsURLsAreAccepted(_ url: String) throws {
        let configuration = try SentryConfiguration(baseURL: url, organization: "acme", token: token)

        #expect(configuration.baseURL.scheme == "https")
        #expect(!configuration.baseURL.absoluteString.hasSuffix("/"))
    }

    @Test(arguments: ["http://127.0.0.1:8000", "http://localhost:9", "http://[::1]:80", "http://127.1.2.3"])
    func plainHTTPIsAcceptedForLoopback(_ url: String) throws {
        let configuration = try SentryConfiguration(baseURL: url, organization: "acme", token: token)

        #expect(configuration.baseURL.scheme == "http")
    }

    @Test(arguments: ["http://sentry.io", "http://10.0.0.1", "http://128.0.0.1", "http://localhost.evil.com"])
    func plainHTTPIsRefusedForOtherHostsWithAdviceToUseHTTPS(_ url: String) {
        let error = #expect(throws: SentryConfigurationError.self) {
            try SentryConfiguration(baseURL: url, organization: "acme", token: token)
        }

        #expect(error?.description.contains("https://") == true)
        if case .insecureURL? = error {} else { Issue.record("expected insecureURL, got \(String(describing: error))") }
    }

    @Test(arguments: ["", "sentry.io", "ftp://sentry.io", "https://", "https://sentry.io/?x=1"])
    func unusableURLsGiveAClearError(_ url: String) {
        let error = #expect(throws: SentryConfigurationError.self) {
            try SentryConfiguration(baseURL: url, organization: "acme", token: token)
        }

        #expect(error?.description.contains("https://") == true)
    }

    @Test func anAPIPrefixInTheURLIsDroppedSoItIsNotDoubled() throws {
        let configuration = try SentryConfiguration(
            baseURL: "https://sentry.io/api/0/", organization: "acme", token: token
        )

        #expect(configuration.baseURL.absoluteString == "https://sentry.io")
    }

    @Test func anEmptyOrganizationIsRefused() {
        #expect(throws: SentryConfigurationError.missingOrganization) {
            try SentryConfiguration(organization: " ", token: token)
        }
    }
}

struct AuthTokenTests {
    @Test func printedFormsNeverShowTheSecret() throws {
        let token = try AuthToken(secretToken)

        #expect("\(token)" == "<redacted>")
        #expect(String(reflecting: token) == "AuthToken(<redacted>)")
        #expect(!String(describing: [token]).contains("SECRET"))
        #expect(token.authorizationHeaderValue == "Bearer \(secretToken)")
    }

    @Test func loadsFromTheEnvironmentTrimmingWhitespace() throws {
        let token = try AuthToken.load(environment: ["SENTRY_AUTH_TOKEN": "  abc123\n"])

        #expect(token.authorizationHeaderValue == "Bearer abc123")
    }

    @Test func aTokenFileWinsOverTheEnvironment() throws {
        let file = FileManager.default.temporaryDirectory
            .appendingPathComponent("token-\(UUID().uuidString)")
        try Data("from-file\n".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }

        let token = try AuthToken.load(
            environment: ["SENTRY_AUTH_TOKEN": "from-env"], tokenFile: file.path
        )

        #expect(token.authorizationHeaderValue == "Bearer from-file")
    }

    @Test func aMissingTokenSaysHowToGiveOne() {
        let error = #expect(throws: AuthTokenError.missing) {
            try AuthToken.load(environment: [:])
        }

        #expect(error?.description.contains("SENTRY_AUTH_TOKEN") == true)
        #expect(error?.description.contains("--auth-token-file") == true)
    }

    @Test func aMissingOrEmptyFileIsNamed() throws {
        let missing = "/nonexistent/\(UUID().uuidString)"
        let empty = FileManager.default.temporaryDirectory
            .appendingPathComponent("token-\(UUID().uuidString)")
        try Data(" \n".utf8).write(to: empty)
        defer { try? FileManager.default.removeItem(at: empty) }

        let missingError = #expect(throws: AuthTokenError.self) {
            try AuthToken.load(environment: [:], tokenFile: missing)
        }
        let emptyError = #expect(throws: AuthTokenError.self) {
            try AuthToken.load(environment: [:], tokenFile: empty.path)
        }

        #expect(missingError == .unreadableFile(path: missing, reason: "it does not exist"))
        #expect(emptyError == .empty(source: "the token file \(empty.path)"))
    }

    @Test func redactionRemovesTheSecretFromText() throws {
        let token = try AuthToken(secretToken)

        #expect(token.redact("bad token \(secretToken)!") == "bad token <redacted>!")
    }

    @Test func aTestTokenOfALetterOrTwoLeavesMessagesReadable() throws {
        let token = try AuthToken("t")

        #expect(token.redact("could not connect") == "could not connect")
    }
}
