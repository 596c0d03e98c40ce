/// A follow-up question an ask step puts once when an answer is vague in a known way
/// (`probe:` in a dialog: kind → question).
public struct Probe: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        /// Fewer than three words.
        case short
        /// "not sure", "maybe", "dunno" (words in `hedging:` of Prompts/smalltalk.yaml).
        case hedging
        /// A verdict where a behaviour is wanted: "rude", "lazy" (`judgement:` in Prompts/smalltalk.yaml).
        case judgement
        /// No day or time in it.
        case noDate = "no_date"
        /// No number in it.
        case noNumber = "no_number"
    }

    public var kind: Kind
    public var ask: Template

    public init(kind: Kind, ask: Template) {
        self.kind = kind
        self.ask = ask
    }
}

/// What an opening message can say about the moment it is about.
public enum Capture {
    public enum Kind: String, Sendable, CaseIterable {
        /// Who it is with: "with Sam", "my manager".
        case counterpart
        /// When: "tomorrow", "on Thursday", "at 3pm".
        case when
        /// What: "talk", "pitch", "1:1".
        case occasion
    }
}
