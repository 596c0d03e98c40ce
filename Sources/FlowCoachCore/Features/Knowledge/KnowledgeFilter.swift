/// Which knowledge items qualify: every non-empty list must match.
public struct KnowledgeFilter: Sendable, Equatable {
    public var skills: [String]
    public var kinds: [KnowledgeItem.Kind]
    public var tags: [String]

    public init(skills: [String] = [], kinds: [KnowledgeItem.Kind] = [], tags: [String] = []) {
        self.skills = skills
        self.kinds = kinds
        self.tags = tags
    }

    /// True when `item` passes the filter and suits `role` (items without roles suit everyone).
    public func accepts(_ item: KnowledgeItem, role: String?) -> Bool {
        (skills.isEmpty || !Set(skills).isDisjoint(with: item.skills))
            && (kinds.isEmpty || kinds.contains(item.kind))
            && (tags.isEmpty || !Set(tags).isDisjoint(with: item.tags))
            && (role == nil || item.roles.isEmpty || item.roles.contains(role!))
    }
}
