/// The words the coach understands beyond dialogs' own triggers (`Prompts/synonyms.yaml`,
/// `Prompts/smalltalk.yaml`): synonyms, small talk, and the words that call for care.
public struct Language: Sendable {
    /// Each canonical phrase with the phrases that mean the same for routing ("talk" → "presentation").
    public var synonyms: [(canonical: String, variants: [String])]
    /// Kinds of small talk, in the order they are tried.
    public var smallTalk: [SmallTalkKind]
    /// Words that say a person is under strain: acknowledged before any coaching.
    public var stress: [String]
    /// Phrases that call for a human, not a coach: answered with `crisis_reply` and no dialog.
    public var crisis: [String]
    /// Words of an unsure answer ("not sure", "dunno"), for `probe: hedging`.
    public var hedging: [String] = []
    /// Verdicts where a behaviour is wanted ("rude", "lazy"), for `probe: judgement`.
    public var judgement: [String] = []
    /// Kinds of barrier to adoption and their words, in the order they are tried (`Prompts/barriers.yaml`).
    public var barriers: [BarrierCategory] = []

    public init(synonyms: [(canonical: String, variants: [String])] = [], smallTalk: [SmallTalkKind] = [], stress: [String] = [],
                crisis: [String] = []) {
        self.synonyms = synonyms
        self.smallTalk = smallTalk
        self.stress = stress
        self.crisis = crisis
    }
}

/// One kind of small talk (a greeting, thanks, "who are you"): its phrases and the message key of its reply.
public struct SmallTalkKind: Sendable {
    public var name: String
    public var reply: String
    public var phrases: [String]

    public init(name: String, reply: String, phrases: [String]) {
        self.name = name
        self.reply = reply
        self.phrases = phrases
    }
}
