import FoundationEssentials

/// Text forms of times as the database stores them (server clock for conflicts).
///
/// Times are stored as ISO 8601 UTC with milliseconds
/// (`2026-03-01T10:00:00.123Z`), which sorts as text in time order.
public enum ServerTime {
    /// ISO 8601 in UTC with three fraction digits; it truncates to the millisecond
    /// and parses Sentry's forms with no, three or six fraction digits.
    private static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    /// The stored text of `date`.
    public static func text(_ date: Date) -> String {
        date.formatted(style)
    }

    /// Parses stored text back, also Sentry's forms without or with 6 fraction digits.
    public static func date(_ text: String) -> Date? {
        try? style.parse(text)
    }
}
