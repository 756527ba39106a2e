import Foundation
import MirrorJSON
import SentryAPI
import Testing

struct PaginationTests {
    private static func link(next cursor: String, results: Bool) -> (String, String) {
        let base = "https://elsewhere.example/api/0/organizations/acme/members/"
        return ("Link", "<\(base)?&cursor=100:-1:1>; rel=\"previous\"; results=\"false\"; "
            + "cursor=\"100:-1:1\", <\(base)?&cursor=\(cursor)>; rel=\"next\"; "
            + "results=\"\(results)\"; cursor=\"\(cursor)\"")
    }

    @Test func followsNextCursorsWithOurOwnBaseURLUntilResultsIsFalse() async throws {
        let transport = StubTransport([
            reply(200, #"[{"id": "1"}, {"id": "2"}]"#, headers: [Self.link(next: "100:1:0", results: true)]),
            reply(200, #"[{"id": "3"}]"#, headers: [Self.link(next: "100:2:0", results: true)]),
            reply(200, #"[]"#, headers: [Self.link(next: "100:3:0", results: false)]),
        ])
        let client = try makeClient(transport)

        var ids: [String] = []
        var pages: [SentryPage] = []
        for try await page in client.pages(.members("acme")) {
            ids += page.items.compactMap { $0["id"]?.stringValue }
            pages.append(page)
        }

        #expect(ids == ["1", "2", "3"])
        #expect(pages.map(\.index) == [0, 1, 2])
        #expect(pages.map(\.isLast) == [false, false, true])
        #expect(pages.last?.requestCount == 3)
        #expect(transport.requests.map(\.url.absoluteString) == [
            "https://sentry.example.com/api/0/organizations/acme/members/?per_page=100",
            "https://sentry.example.com/api/0/organizations/acme/members/?per_page=100&cursor=100:1:0",
            "https://sentry.example.com/api/0/organizations/acme/members/?per_page=100&cursor=100:2:0",
        ])
    }

    @Test func aRepeatedCursorStopsWithPaginationStalled() async throws {
        let transport = StubTransport([
            reply(200, #"[{"id": "1"}]"#, headers: [Self.link(next: "100:1:0", results: true)]),
            reply(200, #"[{"id": "2"}]"#, headers: [Self.link(next: "100:1:0", results: true)]),
            reply(200, #"[{"id": "2"}]"#, headers: [Self.link(next: "100:1:0", results: true)]),
        ])
        let client = try makeClient(transport)
        var seen = 0

        let error = await #expect(throws: SentryError.self) {
            for try await _ in client.pages(.members("acme")) { seen += 1 }
        }

        #expect(error == .paginationStalled(cursor: "100:1:0", page: 1))
        #expect(seen == 1)
        #expect(transport.requests.count == 2)
    }

    @Test func aFailingPageEndsTheListingWithItsError() async throws {
        let transport = StubTransport([
            reply(200, #"[{"id": "1"}]"#, headers: [Self.link(next: "100:1:0", results: true)]),
            reply(403, #"{"detail": "You do not have permission to perform this action."}"#),
        ])
        let client = try makeClient(transport)
        var seen = 0

        let error = await #expect(throws: SentryError.self) {
            for try await _ in client.pages(.members("acme")) { seen += 1 }
        }

        #expect(seen == 1)
        #expect(error?.status == 403)
    }

    @Test func auditLogRowsAreThePageItems() async throws {
        let transport = StubTransport([reply(200, #"{"rows": [{"id": "9"}], "options": []}"#)])
        let client = try makeClient(transport)

        var items: [JSONValue] = []
        for try await page in client.pages(.auditLogs("acme")) { items += page.items }

        #expect(items == [.object(["id": .string("9")])])
    }

    @Test func aBodyThatIsNotAListIsAnInvalidResponse() async throws {
        let transport = StubTransport([reply(200, "<html>maintenance</html>")])
        let client = try makeClient(transport)

        await #expect(throws: SentryError.self) {
            for try await _ in client.pages(.projects("acme")) {}
        }
    }
}

struct PrefetchTests {
    @Test func theNextRequestIsUnderWayBeforeThePageIsConsumed() async throws {
        let base = "https://sentry.example.com/api/0/organizations/acme/members/"
        let link = ("Link", "<\(base)?&cursor=100:1:0>; rel=\"next\"; results=\"true\"; cursor=\"100:1:0\"")
        let transport = StubTransport([reply(200, #"[{"id": "1"}]"#, headers: [link]), reply(200, "[]")])
        let client = try makeClient(transport)
        var iterator = client.pages(.members("acme")).makeAsyncIterator()

        let first = try await iterator.next()
        // The second request runs in its own task; give it a bounded chance to start.
        for _ in 0..<10_000 where transport.requests.count < 2 { await Task.yield() }

        #expect(first?.items.count == 1)
        #expect(transport.requests.count == 2)
        #expect(try await iterator.next()?.isLast == true)
        #expect(try await iterator.next() == nil)
    }
}
