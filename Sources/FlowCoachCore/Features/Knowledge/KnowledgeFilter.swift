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

    /// True when `item` passes the filter and suits `role`: items without roles suit everyone, items
    /// with roles only people who have one of them (someone with no role set sees none of those).
    public func accepts(_ item: KnowledgeItem, role: String?) -> Bool {
        (skills.isEmpty || !Set(skills).isDisjoint(with: item.skills))
            && (kinds.isEmpty || kinds.contains(item.kind))
            && (tags.isEmpty || !Set(tags).isDisjoint(with: item.tags))
            && (item.roles.isEmpty || role.map(item.roles.contains) == true)
    }
}
