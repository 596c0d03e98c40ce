import Foundation

/// Searching the knowledge base (and answered questions), opening an item, rating it.
extension Session {
    /// Searches the knowledge base and the answered questions of the Q&A board.
    mutating func search(_ query: String, for person: Person) {
        let hits = content.index.search(query, limit: 5)
        // Every answered question the words match, however few: a search names what it wants.
        let answered = similarAnswered(query, limit: 5, minimum: 0)
        guard !hits.isEmpty || !answered.isEmpty else {
            say(content.messages.text("no_results"), ["query": query], for: person)
            return
        }
        say(content.messages.text("search_results"), ["query": query], for: person)
        // Answers an admin promoted count as knowledge, credited to their author.
        let promoted = answered.filter { $0.promotedBy != nil }
        let knowledge = promoted.map(promotedLine) + hits.map { knowledgeLine(content.knowledge[$0.index]) }
        if !knowledge.isEmpty { lines.append(knowledge.joined(separator: "\n")) }
        let peers = answered.filter { $0.promotedBy == nil }
        if !peers.isEmpty {
            say("search_peer_answers", ["list": peers.map(QAView.line).joined(separator: "\n")], for: person)
        }
    }

    func promotedLine(_ question: PeerQuestion) -> String {
        var values: [String: Any] = ["question": question.text, "id": question.id]
        values["author"] = question.accepted.flatMap { draft.answer($0) }?.authorName  // absent: "a colleague"
        return "• " + message("search_promoted_line", values)
    }

    mutating func show(_ id: String, for person: Person) {
        guard let item = content.knowledgeItem(id) else {
            say(content.messages.text("unknown_item"), ["id": id], for: person)
            return
        }
        lines.append(KnowledgeView.full(item))
        var profile = profile(person)
        profile.saw(item.id)
        draft.put(profile)
        say(content.messages.text("rate_prompt"), for: person)
    }

    mutating func rate(helpful: Bool, for person: Person) {
        guard let item = profile(person).lastShown else {
            say(content.messages.text("nothing_to_rate"), for: person)
            return
        }
        draft.put(Rating(user: person.id, item: item, helpful: helpful, at: now))
        say(content.messages.text("rated"), for: person)
    }
}
