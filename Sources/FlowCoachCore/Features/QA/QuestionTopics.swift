import Foundation

/// What a peer question is about, read from its words, so it reaches experts without a `#tag`.
///
/// The router reads it first, as it reads any message: the dialogs' keywords, patterns and
/// examples, with synonyms, word forms and typos (`Lexicon`), each dialog standing for the skill
/// it coaches. It must be surer than for a chat message (`minimum`): a wrong guess costs a
/// colleague's attention. When no dialog fits, the knowledge base may: one of the items that match
/// the question best counts for its skills only when it holds most of the question's meaning
/// (`coverage`), so "What's a good template for a meeting agenda?" is about running meetings and
/// "How do I use the impact urgency matrix?" about prioritisation, while "What's the expense
/// limit for client dinners?" is about nothing the content knows.
struct QuestionTopics {
    /// The router's score a dialog needs (a keyword and a little more; a chat message needs 1).
    static let minimum = 2.0
    /// Other dialogs count too when they score at least this share of the best.
    static let share = 0.75
    /// The share of a question's meaning (its words weighted by rarity) a knowledge item must hold.
    static let coverage = 0.75
    /// The best-matching knowledge items looked at.
    static let itemsRead = 3

    let router: Router
    let knowledge: [KnowledgeItem]
    let index: KnowledgeIndex

    init(router: Router, knowledge: [KnowledgeItem], index: KnowledgeIndex) {
        self.router = router
        self.knowledge = knowledge
        self.index = index
    }

    /// The skills `text` is about, surest first (none when it is about nothing the content knows).
    func skills(of text: String) -> [String] {
        let ranking = router.rank(Utterance(text).normalized).filter { $0.isGrounded && $0.score >= Self.minimum }
        if let best = ranking.first?.score {
            var skills: [String] = []
            for ranked in ranking where ranked.score >= Self.share * best && !skills.contains(ranked.dialog.skill) {
                skills.append(ranked.dialog.skill)
            }
            return skills
        }
        let said = Set(SearchTokenizer.terms(text))
        for hit in index.search(text, limit: Self.itemsRead) {
            let item = knowledge[hit.index]
            let itemText = ([item.title, item.summary, item.body] + item.tags + item.skills.map(Self.spoken)).joined(separator: "\n")
            let held = overlap(said, with: Set(SearchTokenizer.terms(itemText)))
            if held.words >= 2, held.share >= Self.coverage { return item.skills }
        }
        return []
    }

    /// The content's skills a declared expertise stands for: those it names ("meetings" →
    /// running-meetings, "1:1s" → running-one-on-ones) or the one whose dialog it starts
    /// ("salary" → negotiation, "public speaking" → client-presentations).
    func skills(named expertise: String) -> [String] {
        let said = router.lexicon.stems(Self.spoken(expertise))
        guard !said.isEmpty else { return [] }
        let known = Set(router.dialogs.map(\.skill) + knowledge.flatMap(\.skills))
        var skills = known.filter { router.lexicon.stems(Self.spoken($0)).containsRun(said) }.sorted()
        if case .start(let dialog) = router.decide(Utterance(Self.spoken(expertise)).normalized), !skills.contains(dialog.skill) {
            skills.append(dialog.skill)
        }
        return skills
    }

    /// A text's routing terms (`Lexicon`: synonyms mapped, typos corrected, stemmed), for `mentions`.
    func terms(_ text: String) -> [String] {
        router.lexicon.terms(text)
    }

    /// Whether `terms` (of a question) say `expertise` itself, or a synonym or another form of it
    /// ("budgets" for "budgeting"): for expertise the content has no skill for.
    func mentions(_ expertise: String, in terms: [String]) -> Bool {
        let said = router.lexicon.terms(Self.spoken(expertise))
        return !said.isEmpty && terms.containsRun(said)
    }

    /// How much of a text's meaning another shares: the words in common, and their share of the
    /// text's words, each weighing by how rare it is in the knowledge base ("expenses" or
    /// "frozen" weigh a lot, "manager" or "time" little).
    func overlap(_ terms: Set<String>, with other: Set<String>) -> (words: Int, share: Double) {
        func weight(_ term: String) -> Double { BM25.idf(documents: index.count, containing: index.documents(containing: term)) }
        let total = terms.reduce(0) { $0 + weight($1) }
        guard total > 0 else { return (0, 0) }
        let shared = terms.intersection(other)
        return (shared.count, shared.reduce(0) { $0 + weight($1) } / total)
    }

    /// "client-presentations" → "client presentations".
    static func spoken(_ skill: String) -> String {
        skill.replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "_", with: " ")
    }
}
