import Foundation

/// Picks the dialog a message asks for. An exact command (`coach feedback`) wins; otherwise
/// each dialog scores by its keywords (1 per word of a phrase found, at most 2), its patterns (3 each) and
/// the topic words it shares with its examples (see `init`). A clear winner starts; two close
/// ones are offered as a choice; a weak score only suggests.
public struct Router: Sendable {
    /// A dialog's score for one message, with why (for `flowcoach route`).
    public struct Ranked: Sendable {
        public let dialog: Dialog
        public let score: Double
        public let reasons: [String]
        /// Whether more than one stray word speaks for it: a keyword, a pattern, or two words.
        let isGrounded: Bool
    }

    /// What to do with a message.
    public enum Decision: Sendable {
        /// One dialog clearly fits.
        case start(Dialog)
        /// Two fit about equally well: ask which.
        case choose(Dialog, Dialog)
        /// None fits well enough; these came closest (maybe none).
        case unsure([Dialog])
    }

    public let dialogs: [Dialog]
    /// The lowest score that starts a dialog.
    public let threshold: Double
    /// How far ahead of the runner-up the best must be to start without asking.
    public static let margin = 1.0
    /// And the runner-up must score at least this share of the best for the two to be offered.
    public static let closeness = 0.9
    let lexicon: Lexicon
    /// Per dialog, its keyword phrases as stems.
    private let keywords: [[[String]]]
    /// Per topic stem, how much it points to each dialog (see `init`).
    private let evidence: [String: [(dialog: Int, weight: Double)]]

    /// Each topic stem of the examples and keywords points to the dialogs that use it: weighted
    /// by how rare it is across dialogs, shared out by how often each dialog uses it, and
    /// shrunk when it was seen only once (a word one example happens to use says little).
    public init(dialogs: [Dialog], synonyms: [(canonical: String, variants: [String])] = [], threshold: Int = 1) {
        self.dialogs = dialogs
        self.threshold = Double(threshold)
        var lexicon = Lexicon(synonyms: synonyms)
        lexicon.learn(dialogs.flatMap { $0.triggers.keywords.flatMap { $0 } + $0.triggers.examples.flatMap(TextNormalizer.words) })
        self.lexicon = lexicon
        // Keywords that mean the same once synonyms are mapped ("1:1", "one on one") count once.
        keywords = dialogs.map { dialog in
            var seen = Set<[String]>()
            return dialog.triggers.keywords.map { lexicon.stems($0.joined(separator: " ")) }.filter { !$0.isEmpty && seen.insert($0).inserted }
        }
        var uses: [String: [Int: Double]] = [:]
        for (index, dialog) in dialogs.enumerated() where dialog.rehearses == nil {  // rehearsals start by command only
            for example in dialog.triggers.examples {
                for term in Set(lexicon.terms(Self.withoutNames(example))) { uses[term, default: [:]][index, default: 0] += 1 }
            }
            for phrase in dialog.triggers.keywords {
                for term in Set(lexicon.terms(phrase.joined(separator: " "))) { uses[term, default: [:]][index, default: 0] += 2 }
            }
        }
        let count = Double(max(dialogs.filter { $0.rehearses == nil }.count, 1))
        evidence = uses.mapValues { byDialog in
            let total = byDialog.values.reduce(0, +)
            let rarity = log(1 + count / Double(byDialog.count))
            return byDialog.map { (dialog: $0.key, weight: rarity * $0.value / (total + 2)) }
        }
    }

    /// The stems of every keyword: words that name a coaching topic on their own.
    var keywordStems: Set<String> { Set(keywords.flatMap { $0.flatMap { $0 } }) }

    /// An example without the names in it ("Sam", "Acme"): a name says nothing about the dialog.
    static func withoutNames(_ example: String) -> String {
        example.split(separator: " ").enumerated().filter { index, word in
            index == 0 || word == "I" || word.first?.isUppercase != true || word.dropFirst().contains { $0.isUppercase || $0.isNumber }
        }.map { String($0.element) }.joined(separator: " ")
    }

    /// The dialog whose command the normalised message is (e.g. `coach feedback`).
    public func commanded(_ normalized: String) -> Dialog? {
        dialogs.first { $0.triggers.commands.contains(normalized) }
    }

    /// The dialog a clear winner starts, if any.
    public func route(_ normalized: String) -> Dialog? {
        if case .start(let dialog) = decide(normalized) { return dialog }
        return nil
    }

    public func decide(_ normalized: String) -> Decision {
        if let dialog = commanded(normalized) { return .start(dialog) }
        let ranking = rank(normalized)
        guard let best = ranking.first, best.score > 0 else { return .unsure([]) }
        let second = ranking.dropFirst().first
        guard best.score >= threshold, best.isGrounded else { return .unsure(ranking.prefix(2).filter { $0.score > 0 }.map(\.dialog)) }
        if let second, second.score >= threshold, best.score - second.score < Self.margin, second.score >= Self.closeness * best.score {
            return .choose(best.dialog, second.dialog)
        }
        return .start(best.dialog)
    }

    /// Every dialog with a score above zero, best first (ties keep file order).
    public func rank(_ normalized: String) -> [Ranked] {
        let stems = lexicon.stems(normalized)
        var scores = [Double](repeating: 0, count: dialogs.count)
        var reasons = [[String]](repeating: [], count: dialogs.count)
        var grounded = [Bool](repeating: false, count: dialogs.count)
        var words = [Int](repeating: 0, count: dialogs.count)
        for (index, dialog) in dialogs.enumerated() where dialog.rehearses == nil {  // a rehearsal starts only by its command
            let found = keywords[index].filter { stems.containsRun($0) }
            // A phrase inside a longer one that also matched ("conversation" in "difficult conversation") adds nothing.
            for phrase in found where !found.contains(where: { $0.count > phrase.count && $0.containsRun(phrase) }) {
                // A phrase is worth its words, up to two: "1:1" becomes "one on one" but says no more than "feedback".
                let points = min(phrase.count, 2)
                scores[index] += Double(points)
                grounded[index] = true
                reasons[index].append("keyword \"\(phrase.joined(separator: " "))\" +\(points)")
            }
            for pattern in dialog.triggers.patterns where pattern.matches(normalized) {
                scores[index] += 3
                grounded[index] = true
                reasons[index].append("pattern /\(pattern.source)/ +3")
            }
        }
        for term in Set(lexicon.terms(normalized)).sorted() {
            for (index, weight) in evidence[term] ?? [] {
                scores[index] += weight
                words[index] += 1
                reasons[index].append(String(format: "word \"%@\" +%.2f", term, weight))
            }
        }
        return dialogs.indices.filter { scores[$0] > 0 }
            .sorted { (scores[$0], -$0) > (scores[$1], -$1) }
            .map { Ranked(dialog: dialogs[$0], score: scores[$0], reasons: reasons[$0], isGrounded: grounded[$0] || words[$0] >= 2) }
    }
}
