/// Recognises small talk ("hi", "thx, that helped", "who are you?") and the words that call
/// for care. A message is small talk only when every word of it belongs to a small-talk phrase
/// or is filler, so "thanks, but how do I delegate?" still goes to coaching.
struct SmallTalk: Sendable {
    private let kinds: [(kind: SmallTalkKind, phrases: [[String]])]
    private let stress: [[String]]
    private let crisis: [[String]]
    private let crisisStems: [[String]]
    private let hedging: [[String]]
    private let judgement: [[String]]
    private let longest: Int

    /// Words that may surround small talk without changing it.
    static let fillers: Set<String> = [
        "so", "very", "really", "much", "a", "lot", "again", "there", "all", "everyone", "team", "you", "it", "that", "this",
        "flowcoach", "coach", "bot", "buddy", "mate", "man", "guys", "folks", "friend", "oh", "ah", "well", "just", "for",
        "ok", "okay", "great", "good", "nice", "cool", "awesome", "super", "perfect", "lol", "haha", "hehe", "😊", "the",
        "and", "too", "now", "then", "yeah", "yes", "yep", "sure", "dear", "kind", "of", "me", "was", "is", "its", "been",
    ]

    /// Words that carry a coaching topic: never taken for a name in "thanks Omar".
    private let topics: Set<String>

    init(_ language: Language, topics: Set<String> = []) {
        self.topics = topics
        kinds = language.smallTalk.map { ($0, $0.phrases.map(Self.tokens).filter { !$0.isEmpty }) }
        stress = language.stress.map(TextNormalizer.words).filter { !$0.isEmpty }
        crisis = language.crisis.map(TextNormalizer.words).filter { !$0.isEmpty }
        crisisStems = crisis.map { $0.map(Stemmer.stem) }
        hedging = language.hedging.map(TextNormalizer.words).filter { !$0.isEmpty }
        judgement = language.judgement.map(TextNormalizer.words).filter { !$0.isEmpty }
        longest = kinds.flatMap { $0.phrases.map(\.count) }.max() ?? 0
    }

    /// The kind of small talk `text` is, if it is nothing but small talk.
    func kind(of text: String) -> SmallTalkKind? {
        // Emoji count as words of their own: "👋" alone is a greeting; beside words they are filler.
        let emoji = text.filter(\.isEmoji).map(String.init)
        let words = Self.tokens(text)
        guard !words.isEmpty, words.count <= 12, longest > 0 else { return nil }
        var covered = [Bool](repeating: false, count: words.count)
        var found: [Int: Int] = [:]  // kind index → words covered
        var index = 0
        while index < words.count {
            var matched = false
            for length in stride(from: min(longest, words.count - index), through: 1, by: -1) {
                let slice = Array(words[index..<(index + length)])
                if let kind = kinds.firstIndex(where: { $0.phrases.contains(slice) }) {
                    for position in index..<(index + length) { covered[position] = true }
                    found[kind, default: 0] += length
                    index += length
                    matched = true
                    break
                }
            }
            if !matched { index += 1 }
        }
        let onlyEmoji = words.count == emoji.count
        let left = zip(words, covered).filter { !$1 && !Self.fillers.contains($0) && !(!onlyEmoji && emoji.contains($0)) }.map(\.0)
        // One word more in a short message is a name ("thanks omar", "hi Priya"), unless it is a topic.
        let named = left.count == 1 && words.count <= 4 && !topics.contains(Stemmer.stem(left[0])) && left[0].count > 1 && left[0].allSatisfy(\.isLetter)
        guard !found.isEmpty, left.isEmpty || named else { return nil }
        let best = found.max { ($0.value, -$0.key) < ($1.value, -$1.key) }!.key
        return kinds[best].kind
    }

    /// The words of `text`, then its emoji, each one token.
    static func tokens(_ text: String) -> [String] {
        TextNormalizer.words(text) + text.filter(\.isEmoji).map(String.init)
    }

    /// Whether `text` says the person is under strain.
    func isStressed(_ text: String) -> Bool { Self.contains(TextNormalizer.words(text), any: stress) }

    /// Whether an answer is unsure ("not sure", "maybe").
    func isHedging(_ text: String) -> Bool { Self.contains(TextNormalizer.words(text), any: hedging) }

    /// Whether an answer is a verdict ("rude", "lazy") rather than what happened.
    func isJudgement(_ text: String) -> Bool { Self.contains(TextNormalizer.words(text), any: judgement) }

    /// Whether `text` calls for a human rather than a coach. Matched by word stems and with one
    /// typo allowed in longer words ("harrassed", "harassing"), and before anything else: a
    /// missed disclosure costs far more than a needless pointer to help.
    func isCrisis(_ text: String) -> Bool {
        let words = TextNormalizer.words(text).map(Stemmer.stem)
        return crisisStems.contains { phrase in
            guard phrase.count <= words.count else { return false }
            return (0...(words.count - phrase.count)).contains { start in
                zip(words[start..<(start + phrase.count)], phrase).allSatisfy { word, key in
                    word == key || (key.count >= 6 && (word.hasPrefix(key) || Typo.distance(word, key) <= 1))
                }
            }
        }
    }

    /// Whether a disclosure is about someone else (a manager reporting what a team member faces)
    /// rather than the writer: it names another person and says nothing of "me".
    func isAboutSomeoneElse(_ text: String) -> Bool {
        let words = TextNormalizer.words(text)
        let selfWords: Set<String> = ["me", "myself", "im", "ive", "id"]
        let joined = " " + words.joined(separator: " ") + " "
        let aboutMe = words.contains(where: selfWords.contains)
            || [" i am ", " i feel ", " i want ", " i dont ", " i think im ", " i have been ", " i was "].contains { joined.contains($0) }
        let others: Set<String> = ["report", "reports", "team", "teammate", "member", "colleague", "colleagues", "coworker", "coworkers",
                                   "employee", "employees", "he", "she", "they", "someone", "somebody", "staff", "intern", "peer", "peers"]
        return !aboutMe && words.contains(where: others.contains)
    }

    private static func contains(_ words: [String], any phrases: [[String]]) -> Bool {
        phrases.contains(where: words.containsRun)
    }
}

extension Character {
    /// A pictograph people type as a word (👋, 🙏, 😊), not a digit or a letter.
    var isEmoji: Bool {
        unicodeScalars.contains { $0.properties.isEmojiPresentation || ($0.properties.isEmoji && $0.value > 0x238C) }
    }
}
