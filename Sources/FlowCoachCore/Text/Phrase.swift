import Foundation
import Mustache

/// A person's answer as a dialog template inserts it. `{{slot}}` gives the words as typed;
/// transforms fit them into the coach's sentence:
/// - `{{clause(slot)}}` mid-sentence: no capital on a common first word, no final full stop;
/// - `{{bare(slot)}}` a clause without the leading preposition the template already has
///   ("In {{bare(situation)}}" with "in yesterday's review" is not "In in");
/// - `{{you(slot)}}` the person's words said back to them: I → you, my → your, I'm → you're;
/// - `{{verb(slot)}}` after "you" in a script spoken to the person it is about: "he interrupted
///   the client" → "interrupted the client", "she keeps missing" → "keep missing";
/// - `{{topic(slot)}}` after "talk about": "Alex has missed deadlines" → "how Alex has missed deadlines";
/// - `{{sentence(slot)}}` a sentence of its own: capital first, final punctuation;
/// - `{{scene(slot)}}` where and when, opening a sentence: "in Monday's meeting" → "In Monday's
///   meeting", "yesterday" → "Yesterday", "the standup" → "In the standup";
/// - `{{addressed(slot)}}` a line spoken to the person it is about: "he missed 6 standups" →
///   "you missed 6 standups"; anything else as `clause`.
/// Transforms chain: `{{you(clause(slot))}}`.
struct Phrase: MustacheTransformable, CustomStringConvertible, Sendable {
    let text: String

    init(_ text: String) { self.text = text.trimmed }

    var description: String { text }

    func transform(_ name: String) -> Any? {
        switch name {
        case "clause": Phrase(Self.clause(text))
        case "bare": Phrase(Self.bare(text))
        case "you": Phrase(Self.secondPerson(text))
        case "verb": Phrase(Self.verb(text))
        case "topic": Phrase(Self.topic(text))
        case "sentence": Phrase(Self.sentence(text))
        case "scene": Phrase(Self.scene(text))
        case "addressed": Phrase(Self.addressed(text))
        default: text.transform(name)
        }
    }

    // MARK: - The transforms

    /// Words that begin a sentence but are lower-case inside one.
    static let commonStarts: Set<String> = [
        "the", "a", "an", "my", "our", "your", "his", "her", "their", "its", "this", "that", "these", "those", "in", "at", "on",
        "during", "after", "before", "when", "while", "yesterday", "today", "tomorrow", "last", "next", "every", "some", "most",
        "we", "he", "she", "they", "it", "there", "about", "for", "with", "to", "from", "by", "of", "and", "but", "so", "because",
        "if", "how", "what", "why", "that's", "it's", "he's", "she's", "they're", "we're", "there's", "maybe", "probably",
        "just", "not", "no", "yes", "always", "never", "often", "sometimes", "too", "very", "really", "all", "both", "each",
        "lots", "more", "less", "nothing", "everything", "someone", "somebody", "everyone", "nobody", "better", "worse",
        "getting", "being", "having", "making", "asking", "telling", "giving", "finding", "agreeing", "deciding", "to",
        "ask", "get", "make", "find", "agree", "decide", "keep", "stop", "start", "show", "tell", "give", "be", "have",
    ]
    static let numberWords: Set<String> = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "several", "many", "few"]
    static let prepositions: Set<String> = ["in", "at", "on", "during", "about", "for", "with", "regarding", "over", "from"]

    static func clause(_ text: String) -> String {
        var words = text.trimmed.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard let first = words.first else { return "" }
        let key = first.lowercased().replacingOccurrences(of: "’", with: "'")
        let base = key.hasSuffix("'s") ? String(key.dropLast(2)) : key
        if commonStarts.contains(key) || commonStarts.contains(base) || numberWords.contains(base) { words[0] = first.lowercased() }
        var out = words.joined(separator: " ")
        while let last = out.last, ".!;,".contains(last) { out.removeLast() }
        return out
    }

    static func bare(_ text: String) -> String {
        var words = clause(text).split(separator: " ").map(String.init)
        if words.count > 1, prepositions.contains(words[0].lowercased()) { words.removeFirst() }
        return words.joined(separator: " ")
    }

    /// First person to second, word by word, keeping what follows punctuation.
    static let firstToSecond: [String: String] = [
        "i": "you", "me": "you", "my": "your", "mine": "yours", "myself": "yourself", "i'm": "you're", "im": "you're",
        "i've": "you've", "ive": "you've", "i'll": "you'll", "i'd": "you'd", "am": "are", "was": "were", "we": "you", "us": "you",
        "our": "your", "ours": "yours", "ourselves": "yourselves", "we're": "you're", "we've": "you've",
    ]

    static func secondPerson(_ text: String) -> String {
        let words = text.trimmed.split(separator: " ").map(String.init)
        var out: [String] = []
        var afterI = false
        for word in words {
            let (core, tail) = split(word)
            let lower = core.lowercased().replacingOccurrences(of: "’", with: "'")
            // "was" and "am" change only after I ("I was late" → "you were late"; "it was late" stays).
            if (lower == "was" || lower == "am") && !afterI {
                out.append(word)
            } else if let swapped = firstToSecond[lower] {
                out.append(matchCase(swapped, like: core, first: out.isEmpty) + tail)
            } else {
                out.append(word)
            }
            afterI = lower == "i" || lower == "we"
        }
        return out.joined(separator: " ")
    }

    static let subjects: Set<String> = ["he", "she", "they", "it", "you"]
    /// Contracted subjects and what follows "you" in their place.
    static let contracted: [String: (plain: String, perfect: String)] = [
        "he's": ("are", "have"), "she's": ("are", "have"), "they're": ("are", "are"), "they've": ("have", "have"),
        "he'd": ("would", "had"), "she'd": ("would", "had"), "you're": ("are", "are"), "you've": ("have", "have"),
    ]
    static let adverbs: Set<String> = ["always", "often", "never", "sometimes", "constantly", "still", "just", "usually", "repeatedly",
                                       "also", "again", "regularly", "rarely", "keeps"]
    static let agreement: [String: String] = [
        "is": "are", "was": "were", "has": "have", "does": "do", "doesn't": "don't", "isn't": "aren't", "wasn't": "weren't",
        "hasn't": "haven't", "he's": "you're", "she's": "you're", "they're": "you're", "goes": "go", "keeps": "keep",
    ]

    static func verb(_ text: String) -> String {
        var words = clause(text).split(separator: " ").map(String.init)
        guard !words.isEmpty else { return "" }
        let first = words[0].lowercased().replacingOccurrences(of: "’", with: "'")
        var subject = ""
        // "she's been skipping" → "have been skipping"; "he's late" → "are late".
        if let auxiliary = contracted[first] {
            words.removeFirst()
            let verb = words.first?.lowercased() == "been" || words.first?.lowercased() == "got" ? auxiliary.perfect : auxiliary.plain
            return ([verb] + words).joined(separator: " ")
        }
        if subjects.contains(first) {
            subject = first
            words.removeFirst()
        } else if let initial = words[0].first, initial.isUppercase, words[0] != "I", words.count > 1,
                  let next = words[1].first, next.isLowercase {
            words.removeFirst()  // a name: "Alex missed the deadline"
        }
        // The verb agrees with "you": the first word that is not an adverb.
        if let index = words.firstIndex(where: { !adverbs.contains($0.lowercased()) || $0.lowercased() == "keeps" }) {
            let lower = words[index].lowercased()
            if let agreed = agreement[lower] {
                words[index] = agreed
            } else if subject != "they", subject != "you", lower.count > 3, lower.hasSuffix("s"), !lower.hasSuffix("ss"),
                      !lower.hasSuffix("us") {
                words[index] = lower.hasSuffix("ies") ? String(lower.dropLast(3)) + "y"
                    : lower.hasSuffix("ches") || lower.hasSuffix("shes") || lower.hasSuffix("sses") || lower.hasSuffix("xes")
                    ? String(lower.dropLast(2)) : String(lower.dropLast())
            }
        }
        let possessive = subject == "she" ? "her" : subject == "they" ? "their" : "his"
        return words.map { word in
            let (core, tail) = split(word)
            switch core.lowercased() {
            case possessive where subject != "": return "your" + tail
            case "himself", "herself", "themselves": return "yourself" + tail
            default: return word
            }
        }.joined(separator: " ")
    }

    /// Verbs (and auxiliaries) that make an answer a clause rather than a noun phrase.
    static let finiteVerbs: Set<String> = [
        "is", "are", "was", "were", "has", "have", "had", "keeps", "kept", "does", "did", "doesn't", "didn't", "won't", "can't",
        "isn't", "wasn't", "hasn't", "haven't", "will", "wants", "needs", "thinks", "seems", "took", "takes",
    ]

    static func topic(_ text: String) -> String {
        var words = clause(text).split(separator: " ").map(String.init)
        guard !words.isEmpty else { return "" }
        if ["about", "that"].contains(words[0].lowercased()), words.count > 1 { words.removeFirst() }
        let lower = words.map { $0.lowercased() }
        let determiners: Set<String> = ["the", "a", "an", "my", "our", "your", "his", "her", "their", "this", "that", "these", "those"]
        let hasVerb = lower.indices.dropFirst().contains { index in
            finiteVerbs.contains(lower[index]) || (lower[index].hasSuffix("ed") && lower[index].count > 4 && !determiners.contains(lower[index - 1]))
        }
        if hasVerb, !["how", "what", "why", "whether", "when", "if"].contains(lower[0]) { words.insert("how", at: 0) }
        return words.joined(separator: " ")
    }

    /// Words that can open a sentence about where or when without "In" before them.
    static let sceneStarts: Set<String> = [
        "in", "at", "on", "during", "when", "while", "after", "before", "yesterday", "today", "tonight", "this", "last", "earlier",
        "once", "every", "each", "whenever", "since", "over", "throughout",
    ]

    static func scene(_ text: String) -> String {
        let words = clause(text).split(separator: " ").map(String.init)
        guard let first = words.first?.lowercased() else { return "" }
        let opened = (sceneStarts.contains(first) ? words : ["in"] + words).joined(separator: " ")
        return opened.prefix(1).uppercased() + opened.dropFirst()
    }

    static func addressed(_ text: String) -> String {
        let words = clause(text).split(separator: " ").map(String.init)
        guard let first = words.first else { return "" }
        let lower = first.lowercased()
        let isName = first.first?.isUppercase == true && first != "I" && words.count > 1 && words[1].first?.isLowercase == true
        guard subjects.contains(lower) || contracted[lower] != nil || isName, lower != "you" else { return clause(text) }
        return "you " + verb(text)
    }

    static func sentence(_ text: String) -> String {
        var out = text.trimmed
        guard let first = out.first else { return "" }
        out = first.uppercased() + out.dropFirst()
        if let last = out.last, !".!?…".contains(last) { out += "." }
        return out
    }

    /// A word without its trailing punctuation, and that punctuation.
    private static func split(_ word: String) -> (String, String) {
        var core = word
        var tail = ""
        while let last = core.last, ",.;:!?)\"".contains(last) {
            tail = String(last) + tail
            core.removeLast()
        }
        return (core, tail)
    }

    private static func matchCase(_ word: String, like original: String, first: Bool) -> String {
        // "I", "I've", "I'm" are capitals of their own, not of a sentence: "you", "you've", "you're".
        let lower = original.lowercased().replacingOccurrences(of: "’", with: "'")
        guard let initial = original.first, initial.isUppercase, lower != "i", !lower.hasPrefix("i'") else { return word }
        return word.prefix(1).uppercased() + word.dropFirst()
    }
}

extension Template {
    /// The transforms a template may use: `Phrase`'s and Mustache's own.
    public static let knownTransforms: Set<String> = [
        "clause", "bare", "you", "verb", "topic", "sentence", "scene", "addressed", "lowercased", "uppercased", "capitalized", "empty", "reversed",
    ]

    /// The transform names `source` uses (`{{you(clause(x))}}` uses `you` and `clause`).
    public static func transforms(in source: String) -> [String] {
        var names: [String] = []
        var rest = Substring(source)
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else { break }
            var tag = rest[open.upperBound..<close.lowerBound]
            rest = rest[close.upperBound...]
            while let paren = tag.firstIndex(of: "(") {
                let name = tag[..<paren].drop { "#^/&{ ".contains($0) }
                if !name.isEmpty { names.append(String(name)) }
                tag = tag[tag.index(after: paren)...]
            }
        }
        return names
    }
}
