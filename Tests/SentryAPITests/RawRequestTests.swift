import MirrorJSON
import SentryAPI
import Testing

struct RawRequestTests {
    private func endpoint(_ path: String, method: HTTPMethod = .get) throws -> Endpoint {
        try Endpoint.raw(method: method, path: path, configuration: makeConfiguration())
    }

    @Test(arguments: [
        "organizations/{org}/members/", "/organizations/{org}/members/",
        "/api/0/organizations/{org}/members/", "organizations/{org}/members",
        "https://sentry.example.com/api/0/organizations/acme/members/",
    ])
    func pathsAreRelativeToTheAPIPrefixWithTheOrganizationFilledIn(_ path: String) throws {
        #expect(try endpoint(path).apiPath == "/api/0/organizations/acme/members/")
    }

    @Test func aQueryInThePathBecomesQueryItems() throws {
        let raw = try endpoint("organizations/{org}/members/?query=email:a%40b.c&per_page=5")

        #expect(raw.queryValue("query") == "email:a@b.c")
        #expect(raw.queryValue("per_page") == "5")
        #expect(raw.path == "organizations/acme/members/")
    }

    @Test(arguments: [
        "https://evil.example/api/0/organizations/", "http://sentry.example.com/api/0/",
        "https://sentry.example.com:8443/api/0/",
    ])
    func otherHostsAreRefused(_ path: String) {
        #expect(throws: RawPathError.otherHost(path)) { try endpoint(path) }
    }

    @Test(arguments: ["/api/1/foo/", "organizations/../../admin/", "/api/0/%2e%2e/x/",
                      "https://sentry.example.com/admin/"])
    func pathsOutsideTheAPIAreRefused(_ path: String) {
        #expect(throws: RawPathError.self) { try endpoint(path) }
    }

    @Test func rawPaginationJoinsTheArrays() async throws {
        let base = "https://sentry.example.com/api/0/organizations/acme/teams/"
        let link = ("Link", "<\(base)?&cursor=100:1:0>; rel=\"next\"; results=\"true\"; cursor=\"100:1:0\"")
        let transport = StubTransport([
            reply(200, #"[{"slug": "a"}]"#, headers: [link]),
            reply(200, #"[{"slug": "b"}]"#),
        ])
        let client = try makeClient(transport)

        let (items, last) = try await client.rawPaginated(path: "organizations/{org}/teams/")

        #expect(items == .array([.object(["slug": .string("a")]), .object(["slug": .string("b")])]))
        #expect(last?.status == 200)
    }

    @Test func rawRequestsReportSentrysDetailOnErrors() async throws {
        let transport = StubTransport([reply(400, #"{"detail": "Invalid cursor parameter."}"#)])
        let client = try makeClient(transport)

        let error = await #expect(throws: SentryError.self) {
            try await client.raw(path: "organizations/{org}/members/?cursor=x")
        }

        #expect(error?.detail == "Invalid cursor parameter.")
    }
}
