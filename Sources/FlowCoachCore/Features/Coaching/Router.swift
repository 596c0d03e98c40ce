/// Picks the dialog a message asks for: an exact command wins; otherwise the highest trigger
/// score (keywords by word count, patterns 3 each), ties to the earlier dialog.
public struct Router: Sendable {
    public let dialogs: [Dialog]
    /// The lowest score that starts a dialog.
    public let threshold: Int
    /// Each dialog's keyword phrases, stemmed once here rather than per message.
    private let stemmedKeywords: [[[String]]]

    public init(dialogs: [Dialog], threshold: Int = 1) {
        self.dialogs = dialogs
        self.threshold = threshold
        self.stemmedKeywords = dialogs.map { $0.triggers.keywords.map { $0.map(Stemmer.stem) } }
    }

    /// The dialog whose command the normalised message is (e.g. `coach feedback`).
    public func commanded(_ normalized: String) -> Dialog? {
        dialogs.first { $0.triggers.commands.contains(normalized) }
    }

    public func route(_ normalized: String) -> Dialog? {
        if let dialog = commanded(normalized) { return dialog }
        let stems = normalized.split { !($0.isLetter || $0.isNumber) }.map { Stemmer.stem(String($0)) }
        var best: (dialog: Dialog, score: Int)?
        for (index, dialog) in dialogs.enumerated() {
            let score = score(stemmedKeywords[index], dialog.triggers.patterns, stems: stems, normalized: normalized)
            if score >= threshold, score > (best?.score ?? 0) { best = (dialog, score) }
        }
        return best?.dialog
    }

    func score(_ keywords: [[String]], _ patterns: [TriggerPattern], stems: [String], normalized: String) -> Int {
        var score = 0
        for phrase in keywords where contains(stems, phrase) {
            score += phrase.count
        }
        for pattern in patterns where pattern.matches(normalized) {
            score += 3
        }
        return score
    }

    private func contains(_ words: [String], _ phrase: [String]) -> Bool {
        guard !phrase.isEmpty, phrase.count <= words.count else { return false }
        for start in 0...(words.count - phrase.count) where words[start] == phrase[0] {
            if words[start..<(start + phrase.count)].elementsEqual(phrase) { return true }
        }
        return false
    }
}
