import Foundation
import MirrorStore
import Testing

struct ServerTimeTests {
    @Test func storedTextHasMillisecondsTruncatedAndSortsInTimeOrder() {
        let date = Date(timeIntervalSince1970: 1_796_320_517.7929)

        #expect(ServerTime.text(date) == "2026-12-03T17:55:17.792Z")
        #expect(ServerTime.text(date) < ServerTime.text(date.addingTimeInterval(0.001)))
    }

    @Test(arguments: [
        ("2021-07-06T21:13:01.120263Z", 1_625_605_981.120263),
        ("2021-07-06T21:13:01.120Z", 1_625_605_981.12),
        ("2021-07-06T21:13:01Z", 1_625_605_981.0),
    ])
    func sentrysThreeFormsParse(text: String, seconds: Double) throws {
        let date = try #require(ServerTime.date(text))

        #expect(abs(date.timeIntervalSince1970 - seconds) < 0.000_01)
    }

    @Test func textThatIsNotATimeGivesNil() {
        #expect(ServerTime.date("yesterday") == nil)
    }
}
