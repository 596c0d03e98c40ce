/// Turns a message into the terms routing compares: words, typos corrected against the
/// content's own vocabulary, synonyms mapped to one canonical form, stems, no stop words.
/// Dialogs' keywords and examples go through the same steps once, when content loads.
public struct Lexicon: Sendable {
    /// Synonym phrases (as words) to their canonical words, longest first when matching.
    private let synonyms: [[String]: [String]]
    private let stemmedSynonyms: [[String]: [String]]
    private let longestSynonym: Int
    /// Every word the content uses (keywords, examples, synonyms): what a typo is corrected to.
    private(set) var vocabulary: Set<String> = []
    /// Vocabulary words by first letter, for typo lookups.
    private var byInitial: [Character: [String]] = [:]

    /// Words that carry no topic.
    static let stopWords: Set<String> = [
        "a", "an", "the", "i", "im", "ive", "id", "ill", "me", "my", "mine", "myself", "we", "our", "us", "you", "your", "he", "she",
        "him", "her", "his", "they", "them", "their", "it", "its", "this", "that", "these", "those", "is", "am", "are", "was",
        "were", "be", "been", "being", "do", "does", "did", "doing", "have", "has", "had", "having", "to", "of", "in", "on", "at",
        "for", "with", "about", "from", "by", "as", "into", "and", "or", "but", "so", "if", "then", "than", "just", "really", "very",
        "can", "could", "should", "would", "will", "shall", "may", "might", "must", "need", "needs", "want", "wants", "going",
        "gonna", "wanna", "get", "got", "some", "any", "all", "what", "how", "who", "when", "where", "which", "why", "there",
        "here", "up", "out", "not", "no", "yes", "too", "also", "help", "please", "pls", "plz", "hi", "hey", "ok", "okay", "like",
        "one", "let", "lets", "s", "t", "d", "ll", "m", "re", "ve", "someone", "something", "thing", "things", "now", "today",
        "tomorrow", "tmrw", "week", "next", "soon", "later", "again", "bit", "lot", "much", "more", "most", "really", "actually",
        "know", "think", "feel", "make", "way", "best", "good", "new", "am", "pm", "ugh", "hmm", "um", "uh", "lol", "anyone",
        "anybody", "everyone", "everybody", "somebody", "nobody", "does", "tell", "anything", "everything", "else", "ever",
    ]

    public init(synonyms: [(canonical: String, variants: [String])] = []) {
        var table: [[String]: [String]] = [:]
        for (canonical, variants) in synonyms {
            let target = TextNormalizer.words(canonical)
            for variant in variants {
                let words = TextNormalizer.words(variant)
                if !words.isEmpty, words != target { table[words] = target }
            }
        }
        self.synonyms = table
        // Word forms the list does not spell out ("pitches", "negotiating") match by their stems.
        var stemmed: [[String]: [String]] = [:]
        for (words, target) in table where stemmed[words.map(Stemmer.stem)] == nil { stemmed[words.map(Stemmer.stem)] = target }
        self.stemmedSynonyms = stemmed
        self.longestSynonym = table.keys.map(\.count).max() ?? 0
        learn(table.keys.flatMap { $0 } + table.values.flatMap { $0 })
    }

    /// Adds the words of the content to what typos are corrected to.
    mutating func learn(_ words: some Sequence<String>) {
        for word in words where word.count >= 4 && !vocabulary.contains(word) && !word.allSatisfy(\.isNumber) {
            vocabulary.insert(word)
            if let first = word.first { byInitial[first, default: []].append(word) }
        }
    }

    /// The message as stems, typos corrected and synonyms mapped, every word kept (for phrases).
    public func stems(_ text: String) -> [String] {
        canonical(TextNormalizer.words(text).map(corrected)).map(Stemmer.stem)
    }

    /// The stems that carry a topic (no stop words), for comparing with examples.
    public func terms(_ text: String) -> [String] {
        // Numbers are no topic: "floor 3" and "20 people" say nothing about which dialog.
        canonical(TextNormalizer.words(text).map(corrected)).filter { !Self.stopWords.contains($0) && !$0.allSatisfy(\.isNumber) }
            .map(Stemmer.stem)
    }

    /// All words after typo correction and synonyms, stop words kept (for phrase patterns).
    func canonical(_ words: [String]) -> [String] {
        guard longestSynonym > 0 else { return words }
        var out: [String] = []
        var index = 0
        let stems = words.map(Stemmer.stem)
        while index < words.count {
            var matched = false
            for length in stride(from: min(longestSynonym, words.count - index), through: 1, by: -1) {
                if let target = synonyms[Array(words[index..<(index + length)])] ?? stemmedSynonyms[Array(stems[index..<(index + length)])] {
                    out += target
                    index += length
                    matched = true
                    break
                }
            }
            if !matched {
                out.append(words[index])
                index += 1
            }
        }
        return out
    }

    /// `word`, or the vocabulary word it is a typo of: same first letter, one edit away (two for
    /// words of eight letters or more). Known and short words are left alone.
    func corrected(_ word: String) -> String {
        guard word.count >= 5, !vocabulary.contains(word), !Self.stopWords.contains(word), let first = word.first else { return word }
        // One edit, and for shorter words the first two letters must agree too, so real words
        // ("flight", "place", "different") are not turned into the content's ("fright", "plate", "differently").
        let allowed = 1
        var best: (word: String, distance: Int)?
        for candidate in byInitial[first] ?? [] where abs(candidate.count - word.count) <= allowed
            && (word.count >= 9 || candidate.dropFirst().first == word.dropFirst().first) {
            let distance = Typo.distance(word, candidate)
            if distance <= allowed, distance < (best?.distance ?? .max) { best = (candidate, distance) }
        }
        return best?.word ?? word
    }
}
