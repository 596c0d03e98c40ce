import Foundation

/// What a dialog step recommends, and why; how knowledge items read in chat.
extension Session {
    /// Adds the step's recommendations and remembers them as shown.
    mutating func recommend(_ step: Step, _ dialog: Dialog, _ conversation: Conversation, for person: Person) {
        guard let plan = step.recommend else { return }
        var items = plan.ids.compactMap(content.knowledgeItem)
        var profile = profile(person)
        let priorities = Set(prioritySkills(of: person.id))
        if let filter = plan.filter {
            let query = plan.query?.render(values(dialog, conversation, person))
            let picked = content.recommender.recommend(
                query: query, filter: filter, role: profile.role, shown: Set(profile.shown), ratings: ratingCounts(),
                limit: plan.limit, priorities: priorities)
            items += picked.filter { item in !items.contains { $0.id == item.id } }
        }
        guard !items.isEmpty else { return }
        let ratings = ratingCounts()
        lines.append(items.map { recommendedLine($0, dialog: dialog, role: profile.role, helpful: ratings[$0.id]?.helpful ?? 0, priorities: priorities) }
            .joined(separator: "\n"))
        for item in items { profile.saw(item.id) }
        draft.put(profile)
    }

    /// Helpful / not helpful counts per knowledge item, over everyone's latest ratings.
    func ratingCounts() -> [String: (helpful: Int, unhelpful: Int)] {
        var counts: [String: (helpful: Int, unhelpful: Int)] = [:]
        for rating in draft.base.ratings.values {
            var count = counts[rating.item] ?? (0, 0)
            if rating.helpful { count.helpful += 1 } else { count.unhelpful += 1 }
            counts[rating.item] = count
        }
        return counts
    }
}

/// How knowledge items appear in chat; the words are in `Prompts/messages.yaml`.
extension Session {
    /// A recommended item, with a few words on why it was picked.
    func recommendedLine(_ item: KnowledgeItem, dialog: Dialog, role: String?, helpful: Int, priorities: Set<String> = []) -> String {
        let why: String
        if let role, item.roles.contains(role) {
            why = message("why_role", ["role": role])
        } else if let skill = item.skills.first(where: priorities.contains) {
            why = message("why_priority", ["skill": Self.words(skill)])
        } else if helpful >= 2 {
            why = message("why_rated", ["count": helpful])
        } else if item.skills.contains(dialog.skill) {
            why = message("why_skill", ["dialog": dialog.title])
        } else {
            why = message("why_words")
        }
        let kind = message("knowledge_kind_\(item.kind.rawValue)")
        return message("recommended_line", ["id": item.id, "title": item.title, "kind": kind, "summary": item.summary, "why": why])
    }

    /// An item in a list: its title, kind and summary, and how to open it.
    func knowledgeLine(_ item: KnowledgeItem) -> String {
        let kind = message("knowledge_kind_\(item.kind.rawValue)")
        return message("knowledge_line", ["id": item.id, "title": item.title, "kind": kind, "summary": item.summary])
    }
}

enum KnowledgeView {
    /// An opened item: its title and body.
    static func full(_ item: KnowledgeItem) -> String {
        "\(item.title)\n\n\(item.body.trimmed)"
    }
}
