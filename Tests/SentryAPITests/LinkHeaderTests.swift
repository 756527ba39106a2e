import SentryAPI
import Testing

struct LinkHeaderTests {
    private let base = "https://sentry.io/api/0/organizations/acme/members/"

    private func header(previous: (String, Bool), next: (String, Bool)) -> String {
        "<\(base)?&cursor=\(previous.0)>; rel=\"previous\"; results=\"\(previous.1)\"; "
            + "cursor=\"\(previous.0)\", <\(base)?&cursor=\(next.0)>; rel=\"next\"; "
            + "results=\"\(next.1)\"; cursor=\"\(next.0)\""
    }

    @Test func firstPageGivesTheNextCursorAndAPreviousEntryWithoutResults() {
        let link = LinkHeader(parsing: header(previous: ("100:-1:1", false), next: ("100:1:0", true)))

        #expect(link.entries.count == 2)
        #expect(link.entry(rel: "previous")?.results == false)
        #expect(link.entry(rel: "previous")?.cursor == "100:-1:1")
        #expect(link.entry(rel: "next")?.url == "\(base)?&cursor=100:1:0")
        #expect(link.nextCursor == "100:1:0")
    }

    @Test func middlePageHasResultsBothWays() {
        let link = LinkHeader(parsing: header(previous: ("100:0:1", true), next: ("100:2:0", true)))

        #expect(link.entry(rel: "previous")?.results == true)
        #expect(link.nextCursor == "100:2:0")
    }

    @Test func lastPageHasNoNextCursor() {
        let link = LinkHeader(parsing: header(previous: ("100:1:1", true), next: ("100:3:0", false)))

        #expect(link.entry(rel: "next")?.cursor == "100:3:0")
        #expect(link.nextCursor == nil)
    }

    @Test func urlsWithOtherParametersKeepThem() {
        let text = "<https://sentry.io/api/0/x/?per_page=50&query=bob&cursor=50:1:0>; "
            + "rel=\"next\"; results=\"true\"; cursor=\"50:1:0\""

        let link = LinkHeader(parsing: text)

        #expect(link.entries.first?.url == "https://sentry.io/api/0/x/?per_page=50&query=bob&cursor=50:1:0")
        #expect(link.nextCursor == "50:1:0")
    }

    @Test func cursorFallsBackToTheURLWhenTheParameterIsMissing() {
        let link = LinkHeader(parsing: "<\(base)?&cursor=1700000000000:0:0>; rel=\"next\"; results=\"true\"")

        #expect(link.nextCursor == "1700000000000:0:0")
    }

    @Test func missingOrMalformedHeadersGiveNoEntries() {
        #expect(LinkHeader(parsing: nil).entries.isEmpty)
        #expect(LinkHeader(parsing: "").nextCursor == nil)
        #expect(LinkHeader(parsing: "garbage; rel=next").entries.isEmpty)
    }

    @Test func quotedValuesMayHoldCommasAndSemicolons() {
        let text = "<a>; rel=\"next\"; title=\"x, y; z\"; results=\"true\"; cursor=\"1:1:0\", "
            + "<b>; rel=\"previous\""

        let link = LinkHeader(parsing: text)

        #expect(link.entries.map(\.url) == ["a", "b"])
        #expect(link.entries.first?.parameters["title"] == "x, y; z")
        #expect(link.nextCursor == "1:1:0")
    }
}
