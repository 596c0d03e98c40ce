/// Picks knowledge for a person: filter, then rank by text relevance (BM25) plus what people
/// found helpful, skipping what this person has already been shown while there is anything new.
public struct Recommender: Sendable {
    let items: [KnowledgeItem]
    let index: KnowledgeIndex

    public init(items: [KnowledgeItem], index: KnowledgeIndex) {
        self.items = items
        self.index = index
    }

    /// What an item about one of the person's priority skills gains: as much as the most helpful rating.
    static let priorityBoost = 1.0

    /// Up to `limit` items, best first; items about one of `priorities` (the person's priority
    /// skills from a 360 or assessment) rank higher.
    public func recommend(
        query: String?, filter: KnowledgeFilter, role: String?, shown: Set<String>, ratings: [String: (helpful: Int, unhelpful: Int)],
        limit: Int, priorities: Set<String> = []
    ) -> [KnowledgeItem] {
        var relevance: [Int: Double] = [:]
        if let query, !query.isEmpty {
            for hit in index.search(query, limit: max(50, limit * 10), include: { filter.accepts(items[$0], role: role) }) {
                relevance[hit.index] = hit.score
            }
        }
        var scored: [(index: Int, score: Double)] = []
        for (index, item) in items.enumerated() where filter.accepts(item, role: role) {
            let counts = ratings[item.id] ?? (0, 0)
            // Laplace-smoothed share of "helpful": 0.5 with no ratings, towards 1 or 0 with many.
            let helpfulness = Double(counts.helpful + 1) / Double(counts.helpful + counts.unhelpful + 2)
            let boost = item.skills.contains(where: priorities.contains) ? Self.priorityBoost : 0
            scored.append((index, (relevance[index] ?? 0) + helpfulness + boost))
        }
        scored.sort { $0.score != $1.score ? $0.score > $1.score : $0.index < $1.index }
        let fresh = scored.filter { !shown.contains(items[$0.index].id) }
        let repeats = scored.filter { shown.contains(items[$0.index].id) }
        return (fresh + repeats).prefix(limit).map { items[$0.index] }
    }
}
