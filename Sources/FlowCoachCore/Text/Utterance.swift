/// What a person typed, split into words once: each word's normalised form (to recognise
/// commands) beside where it starts in the original text (to take arguments such as a
/// question's wording as typed). Every command reads its words and arguments from here, so a
/// check and the text it guards can never disagree about what a space is: tab, NBSP and
/// U+3000 separate words exactly like a space, and no accessor can run past the end.
public struct Utterance: Sendable {
    /// The text as typed.
    public let text: String
    /// The normalised words (`TextNormalizer`), with punctuation trimmed from both ends of the message.
    public let words: [String]
    /// Where each word of `words` starts in `text`.
    private let starts: [String.Index]

    public init(_ text: String) {
        self.text = text
        var words: [String] = []
        var starts: [String.Index] = []
        var index = text.startIndex
        while index < text.endIndex {
            guard !text[index].isWhitespace else {
                index = text.index(after: index)
                continue
            }
            let start = index
            while index < text.endIndex, !text[index].isWhitespace { index = text.index(after: index) }
            // Compatibility mapping can turn one typed character into a space and a mark (¨ → " ̈"):
            // such a token still counts as one word, so word positions always match `text`.
            let key = TextNormalizer.normalize(String(text[start..<index])).split(separator: " ").joined()
            guard !key.isEmpty else { continue }
            words.append(key)
            starts.append(start)
        }
        // "help!" is "help"; "...ask x" is "ask x".
        if let first = words.first {
            let trimmed = first.trimmedPunctuation
            if trimmed.isEmpty { words.removeFirst(); starts.removeFirst() } else { words[0] = trimmed }
        }
        if let last = words.last {
            let trimmed = last.trimmedPunctuation
            if trimmed.isEmpty { words.removeLast(); starts.removeLast() } else { words[words.count - 1] = trimmed }
        }
        self.words = words
        self.starts = starts
    }

    /// The whole message normalised: the words joined by single spaces.
    public var normalized: String { words.joined(separator: " ") }

    /// The normalised word at `position`, or nil past the end.
    public func word(_ position: Int) -> String? {
        words.indices.contains(position) ? words[position] : nil
    }

    /// The normalised words from `position` on, joined by spaces ("" past the end).
    public func rest(from position: Int) -> String {
        position < words.count ? words[max(0, position)...].joined(separator: " ") : ""
    }

    /// The text as typed from the word at `position` to the end, trimmed ("" past the end).
    public func text(from position: Int) -> String {
        starts.indices.contains(position) ? String(text[starts[position]...]).trimmed : ""
    }
}
