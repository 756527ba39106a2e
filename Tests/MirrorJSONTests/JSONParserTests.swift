import Foundation
import MirrorJSON
import Testing

struct JSONParserTests {
    @Test func parsesEveryKindOfValue() throws {
        let text = #" {"a": [1, -2.5, 3e2, true, false, null], "b": {"c": "d"}, "e": 0} "#

        let value = try JSONValue(parsing: text)

        #expect(value == .object([
            "a": .array([.number(1), .number(-2.5), .number(300), .bool(true), .bool(false), .null]),
            "b": .object(["c": .string("d")]),
            "e": .number(0),
        ]))
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let text = #"["q\"b\\s\/n\n t\t u\u00e9 \ud83d\ude00 \u0000"]"#

        let value = try JSONValue(parsing: text)

        #expect(value == .array([.string("q\"b\\s/n\n t\t u\u{e9} \u{1F600} \u{0}")]))
    }

    @Test func keepsNonASCIITextAsIs() throws {
        let value = try JSONValue(parsing: Data(#"{"name": "Zoë Ångström 日本"}"#.utf8))

        #expect(value["name"]?.stringValue == "Zoë Ångström 日本")
    }

    @Test func readsLargeAndPreciseNumbersAsFoundationDoes() throws {
        let texts = ["9007199254740993", "-1234567890123456", "12345678901234567890", "0.1", "1E-7"]

        for text in texts {
            let value = try JSONValue(parsing: text)
            #expect(value == .number(Double(text)!), "\(text)")
        }
    }

    @Test(arguments: [
        "", "[1,]", "{\"a\" 1}", "[01]", "[1.]", "[-]", "tru", "[\"a\nb\"]", "{\"a\":1} x",
        "[\"\\x\"]", "\"abc", "{1: 2}", "[1 2]", "nul",
    ])
    func refusesMalformedJSON(_ text: String) {
        #expect(throws: DecodingError.self) { try JSONValue(parsing: text) }
    }

    @Test func refusesNestingBeyondTheLimit() {
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)

        #expect(throws: DecodingError.self) { try JSONValue(parsing: deep) }
    }

    @Test func agreesWithTheCodableDecoderOnASentryMember() throws {
        let text = """
            [{"id": "57377908164", "email": "sir.penguin@example.com", "name": "Sir Penguin",
              "user": {"id": "280094367316", "isActive": true, "has2fa": false,
                       "dateJoined": "2021-07-06T21:13:58.375239Z", "emails": [
                       {"id": "1", "email": "sir.penguin@example.com", "is_verified": true}],
                       "avatar": {"avatarType": "letter_avatar", "avatarUuid": null}},
              "orgRole": "member", "pending": false, "expired": false,
              "flags": {"idp:provisioned": false, "sso:linked": false},
              "dateCreated": "2021-07-06T21:13:01.120263Z", "inviteStatus": "approved",
              "inviterName": null, "score": -0.5e-3, "count": 12}]
            """
        let data = Data(text.utf8)

        let parsed = try JSONValue(parsing: data)
        let decoded = try JSONDecoder().decode(JSONValue.self, from: data)

        #expect(parsed == decoded)
        #expect(parsed.arrayValue?.first?["user"]?["emails"]?.arrayValue?.count == 1)
    }
}
