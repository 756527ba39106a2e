/// What one pull call changed in server state and the journal.
public struct PageChanges: Sendable, Equatable {
    /// Objects Sentry listed for the first time.
    public var inserted: Int = 0
    /// Objects whose content differs from what the mirror held.
    public var updated: Int = 0
    /// Objects exactly as the mirror held them (only their confirmation time moves).
    public var unchanged: Int = 0
    /// Objects (or links) removed from server state.
    public var removed: Int = 0
    /// Journal rows written, that is changes of the local view.
    public var journalRows: Int = 0

    public init() {}
}
