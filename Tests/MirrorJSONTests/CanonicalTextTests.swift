import MirrorJSON
import Testing

struct CanonicalTextTests {
    @Test func sortsObjectKeysAtEveryLevel() {
        let value: JSONValue = .object([
            "b": .number(2), "a": .array([.object(["z": .null, "y": .bool(true)])]),
        ])
        #expect(value.canonicalText == #"{"a":[{"y":true,"z":null}],"b":2}"#)
    }

    @Test func writesPlainAndNonASCIIStringsAsTheyAre() {
        let value: JSONValue = .array([.string("Zoë Ångström"), .string("plain"), .string("")])
        #expect(value.canonicalText == #"["Zoë Ångström","plain",""]"#)
    }

    @Test func escapesQuotesBackslashesAndControlCharacters() {
        let value: JSONValue = .string("a\"b\\c\nd\re\tf\u{01}g\u{1F}é")
        #expect(value.canonicalText == #""a\"b\\c\nd\re\tf\u0001g\u001fé""#)
    }

    @Test func escapesKeysLikeValues() {
        let value: JSONValue = .object(["say \"hi\"": .string("x")])
        #expect(value.canonicalText == #"{"say \"hi\"":"x"}"#)
    }

    @Test func readsBackWhatItWrites() throws {
        let text = #"{"a":"\u0000\"\\ü","b":[1,2.5,-3],"c":{"d":false}}"#
        let value = try JSONValue(parsing: text)
        #expect(value.canonicalText == text)
        #expect(try JSONValue(parsing: value.canonicalText) == value)
    }
}
