extension JSONValue {
    /// The top-level keys whose values differ between `old` and this object.
    ///
    /// Keys present on one side only count as changed. Values that are not
    /// objects compare as a whole and give `[""]` when they differ.
    public func changedKeys(from old: JSONValue) -> [String] {
        guard case .object(let new) = self, case .object(let previous) = old else {
            return self == old ? [] : [""]
        }
        let keys = Set(new.keys).union(previous.keys)
        return keys.filter { new[$0] != previous[$0] }.sorted()
    }
}
