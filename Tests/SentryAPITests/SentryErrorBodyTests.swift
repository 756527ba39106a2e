import Foundation
@testable import SentryAPI
import Testing

struct SentryErrorBodyTests {
    private func message(_ text: String) -> String? {
        SentryErrorBody.message(in: Data(text.utf8))
    }

    @Test func readsTheDetailField() {
        #expect(message(#"{"detail": "Token expired"}"#) == "Token expired")
    }

    @Test func readsStructuredDetails() {
        let body = #"{"detail": {"code": "sso-required", "message": "Must log in with SSO"}}"#

        #expect(message(body) == "Must log in with SSO (sso-required)")
    }

    @Test func rendersFieldMapsWithListsStringsAndNesting() {
        let body = #"{"slug": ["Enter a valid slug.", "Too long."], "email": "A string error", "#
            + #""error": {"params": {"stats_period": {"message": "Invalid."}}}}"#

        #expect(message(body) == "params.stats_period: Invalid.")
        #expect(message(#"{"slug": ["Enter a valid slug.", "Too long."], "email": "Bad"}"#)
            == "email: Bad\nslug: Enter a valid slug.; Too long.")
    }

    @Test func readsBareStringsAndArrays() {
        #expect(message(#""You are attempting to use this endpoint too frequently.""#)
            == "You are attempting to use this endpoint too frequently.")
        #expect(message(#"["Integration tokens are restricted."]"#) == "Integration tokens are restricted.")
    }

    @Test func readsHTMLAndPlainText() {
        #expect(message("<html><head><title>502 Bad Gateway</title></head></html>") == "502 Bad Gateway")
        #expect(message("\nService Unavailable\n") == "Service Unavailable")
        #expect(message("") == nil)
    }

    @Test func projectSlugsComeFromRedirectLocations() {
        #expect(SentryClient.projectSlug(inLocation: "/api/0/projects/acme/new-slug/") == "new-slug")
        #expect(SentryClient.projectSlug(inLocation: "/api/0/organizations/acme/") == nil)
    }
}
