import Foundation

/// Renders the emulator's timestamps in Sentry's and HTTP's text forms.
///
/// Written by hand (no `DateFormatter`) so the output never depends on the
/// locale or time zone of the machine and is cheap to call from many threads.
enum TimeFormatting {
    private static let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
    private static let months = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]

    /// `2021-07-06T21:13:01.120263Z`, or `2021-07-06T21:13:01Z` when the
    /// fraction is zero (as Django REST framework's encoder does).
    static func iso8601(_ micros: Microseconds) -> String {
        let (seconds, fraction) = floorDivide(micros, 1_000_000)
        let parts = civil(seconds)
        var text = pad(parts.year, 4) + "-" + pad(parts.month, 2) + "-" + pad(parts.day, 2)
        text += "T" + pad(parts.hour, 2) + ":" + pad(parts.minute, 2) + ":" + pad(parts.second, 2)
        if fraction != 0 {
            text += "." + pad(Int(fraction), 6)
        }
        return text + "Z"
    }

    /// Parses the forms `iso8601` writes, plus millisecond fractions.
    static func parseISO8601(_ text: String) -> Microseconds? {
        let pattern = #/^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?Z$/#
        guard let match = text.wholeMatch(of: pattern) else { return nil }
        guard let year = Int(match.1), let month = Int(match.2), let day = Int(match.3),
              let hour = Int(match.4), let minute = Int(match.5), let second = Int(match.6)
        else { return nil }
        var micros: Int64 = 0
        if let fraction = match.7 {
            let padded = String(fraction) + String(repeating: "0", count: 6 - fraction.count)
            micros = Int64(padded) ?? 0
        }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        return seconds * 1_000_000 + micros
    }

    /// RFC 7231 IMF-fixdate: `Sun, 06 Nov 1994 08:49:37 GMT`.
    static func httpDate(_ micros: Microseconds) -> String {
        let seconds = floorDivide(micros, 1_000_000).0
        let parts = civil(seconds)
        let days = floorDivide(seconds, 86_400).0
        let weekday = weekdays[Int(((days % 7) + 7) % 7)]
        return "\(weekday), \(pad(parts.day, 2)) \(months[parts.month - 1]) \(pad(parts.year, 4)) "
            + "\(pad(parts.hour, 2)):\(pad(parts.minute, 2)):\(pad(parts.second, 2)) GMT"
    }

    /// Zero-pads a non-negative number to `width` digits (`String(format:)`
    /// is slow on Linux).
    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width
            ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
        let quotient = value >= 0 ? value / divisor : (value - divisor + 1) / divisor
        return (quotient, value - quotient * divisor)
    }

    private struct Parts {
        var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int
    }

    private static func civil(_ seconds: Int64) -> Parts {
        let (days, rest) = floorDivide(seconds, 86_400)
        // Howard Hinnant's days-to-civil algorithm for the proleptic Gregorian calendar.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return Parts(year: Int(year), month: Int(month), day: Int(day),
                     hour: Int(rest / 3600), minute: Int(rest % 3600 / 60),
                     second: Int(rest % 60))
    }

    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
