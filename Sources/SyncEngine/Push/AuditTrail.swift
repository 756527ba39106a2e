import Foundation
import SentryAPI

/// Reads from the organization's audit log when Sentry last changed an entity.
///
/// DESIGN.md: the time of a change made on the server is taken from the audit
/// log when the token may read it (`org:write`); otherwise it is only known to
/// lie between two pulls. Only the newest page is read: the conflict rule
/// asks about recent changes, and older ones are bounded by the pulls anyway.
struct AuditTrail {
    let client: SentryClient

    private struct Page: Decodable {
        struct Row: Decodable {
            var event: String
            var targetObject: Int?
            var dateCreated: Date
        }
        var rows: [Row]
    }

    /// The server time of the newest `event` (such as `project.edit`) on the
    /// entity with numeric id `id`, or `nil` when the log cannot be read or
    /// holds no such entry on its newest page.
    func lastChange(event: String, id: String) async -> Date? {
        guard let target = Int(id) else { return nil }
        do {
            let response = try await client.send(
                .auditLogs(client.configuration.organization, event: event)
            )
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            let page = try decoder.decode(Page.self, from: response.body)
            return page.rows.filter { $0.targetObject == target }.map(\.dateCreated).max()
        } catch {
            // No org:write, an older Sentry, or a shape we do not know: fall back to pulls.
            return nil
        }
    }
}
