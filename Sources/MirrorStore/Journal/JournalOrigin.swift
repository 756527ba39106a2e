/// Where a change of the local view came from.
public enum JournalOrigin: String, Sendable, Hashable {
    /// Sentry: a pull, or Sentry confirming a pushed mutation.
    case remote
    /// This mirror: a local write, or a pending mutation withdrawn or restored.
    case local
}

/// The operation a journal row records.
public enum JournalOperation: String, Sendable, Hashable {
    case insert
    case update
    case delete
}
