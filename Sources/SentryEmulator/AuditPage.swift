/// One page of the audit log under Sentry's DateTimePaginator, descending:
/// a cursor `ms:skip:0` means "rows at or before `ms`, skipping `skip` rows
/// that share that millisecond" (CONTRACT.md §4.3).
struct AuditPage {
    static let eventNames = [
        "member.invite", "member.add", "member.accept-invite", "member.edit", "member.remove",
        "member.join-team", "member.leave-team", "team.create", "team.edit", "team.remove",
        "project.create", "project.edit", "project.remove",
    ]

    var rows: [AuditRecord]
    var previous: Pagination.Link
    var next: Pagination.Link

    /// `all` must be newest first.
    init(rows all: [AuditRecord], pagination: Pagination) {
        let limit = pagination.perPage
        var candidates = all[...]
        if let cursor = pagination.cursor, !cursor.isPrevious {
            candidates = all.drop { $0.dateCreated / 1000 > cursor.value }
                .dropFirst(max(0, cursor.offset))
        }
        rows = Array(candidates.prefix(limit))
        let firstMS = rows.first.map { $0.dateCreated / 1000 } ?? 0
        previous = Pagination.Link(
            rel: "previous", hasResults: pagination.cursor != nil,
            cursor: Pagination.Cursor(value: firstMS, offset: 0, isPrevious: true))
        let lastMS = rows.last.map { $0.dateCreated / 1000 } ?? 0
        var skip = rows.reversed().prefix { $0.dateCreated / 1000 == lastMS }.count
        if let cursor = pagination.cursor, cursor.value == lastMS,
           skip == rows.count {
            skip += cursor.offset
        }
        next = Pagination.Link(
            rel: "next", hasResults: candidates.count > limit,
            cursor: Pagination.Cursor(value: lastMS, offset: skip, isPrevious: false))
    }
}
