import Foundation
import SentryAPI
import Synchronization
import Testing

struct HTTPDateTests {
    @Test func parsesIMFFixdate() {
        let date = HTTPDate.parse("Sun, 06 Nov 1994 08:49:37 GMT")

        #expect(date?.timeIntervalSince1970 == 784_111_777)
    }

    @Test(arguments: [0.0, 784_111_777, 951_782_400, 1_772_359_200, 4_102_444_799])
    func formatAndParseAreInverse(_ seconds: Double) {
        let date = Date(timeIntervalSince1970: seconds)

        #expect(HTTPDate.parse(HTTPDate.format(date)) == date)
    }

    @Test func formatsTheWeekdayAndLeapDay() {
        #expect(HTTPDate.format(Date(timeIntervalSince1970: 951_782_400)) == "Tue, 29 Feb 2000 00:00:00 GMT")
    }

    @Test(arguments: ["", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun, 06 Nov 1994 08:49:37 UTC",
                      "Sun, 06 Foo 1994 08:49:37 GMT", "Sun, 06 Nov 1994 25:49:37 GMT"])
    func refusesOtherForms(_ text: String) {
        #expect(HTTPDate.parse(text) == nil)
    }
}

struct ServerClockTests {
    /// A local clock the test moves by hand.
    final class ManualClock: Sendable {
        let seconds = Mutex<Double>(1_000)
        var now: Date { Date(timeIntervalSince1970: seconds.withLock { $0 }) }
    }

    @Test func estimatesTheOffsetFromTheMiddleOfTheDateSecond() {
        let local = ManualClock()
        let clock = ServerClock(localNow: { local.now })

        // The server's clock is 100 s ahead; the request took no time.
        clock.observe(
            serverDate: Date(timeIntervalSince1970: 1_100), sentAt: local.now, receivedAt: local.now
        )

        #expect(clock.offset == 100.5)
        #expect(clock.uncertainty == 0.5)
        #expect(clock.now() == Date(timeIntervalSince1970: 1_100.5))
    }

    @Test func laterResponsesNarrowTheEstimate() {
        let clock = ServerClock(localNow: { Date(timeIntervalSince1970: 0) })

        // True offset 100.7: the server reads 100.7 s more than the local clock.
        for local in [1_000.0, 1_000.2, 1_000.4, 1_000.6] {
            let server = (local + 100.7).rounded(.down)
            let instant = Date(timeIntervalSince1970: local)
            clock.observe(serverDate: Date(timeIntervalSince1970: server), sentAt: instant, receivedAt: instant)
        }

        let offset = clock.offset ?? 0
        #expect(abs(offset - 100.7) <= 0.11)
        #expect((clock.uncertainty ?? 1) <= 0.11)
    }

    @Test func aSteppedClockReplacesTheEstimate() {
        let clock = ServerClock()
        let instant = Date(timeIntervalSince1970: 1_000)

        clock.observe(serverDate: Date(timeIntervalSince1970: 1_000), sentAt: instant, receivedAt: instant)
        clock.observe(serverDate: Date(timeIntervalSince1970: 1_300), sentAt: instant, receivedAt: instant)

        #expect(clock.offset == 300.5)
    }

    @Test func withoutResponsesTheLocalClockIsUsed() {
        let clock = ServerClock(localNow: { Date(timeIntervalSince1970: 42) })

        #expect(clock.offset == nil)
        #expect(clock.now() == Date(timeIntervalSince1970: 42))
    }
}
