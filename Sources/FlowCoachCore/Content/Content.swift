/// Everything admins wrote in `Prompts/` and `Config/`, parsed and validated. Immutable: a reload
/// builds a new value and swaps it in whole.
public struct Content: Sendable {
    public let settings: Settings
    public let messages: Messages
    /// Dialogs in a stable order (file name, then position), which is also the tie-break order.
    public let dialogs: [Dialog]
    public let knowledge: [KnowledgeItem]
    /// Full-text index over `knowledge`, built once per load.
    public let index: KnowledgeIndex
    public let recommender: Recommender
    /// Nudges, programs and practice cards.
    public let learning: LearningPlan
    /// The dialog list for `{{#dialogs}}` in messages.
    public let menu: [MenuEntry]
    /// Synonyms, small talk and the words that call for care.
    public let language: Language
    private let dialogIndex: [String: Int]
    private let knowledgeIndex: [String: Int]

    public init(
        settings: Settings, messages: Messages, dialogs: [Dialog], knowledge: [KnowledgeItem], learning: LearningPlan = LearningPlan(),
        language: Language = Language()
    ) {
        self.learning = learning
        self.language = language
        self.settings = settings
        let menu = dialogs.filter { $0.rehearses == nil }.map(MenuEntry.init)
        var messages = messages
        messages.welcome = messages.welcome.binding(["dialogs": menu], variables: ["user"])
        messages.help = messages.help.binding(["dialogs": menu], variables: ["user", "sections"], trusted: ["sections"])
        messages.fallback = messages.fallback.binding(["dialogs": menu], variables: ["user", "text", "suggestions"])
        self.messages = messages
        self.menu = menu
        self.dialogs = dialogs
        self.knowledge = knowledge
        self.index = KnowledgeIndex(knowledge)
        self.recommender = Recommender(items: knowledge, index: index)
        self.dialogIndex = Dictionary(dialogs.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.knowledgeIndex = Dictionary(knowledge.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func dialog(_ id: String) -> Dialog? {
        dialogIndex[id].map { dialogs[$0] }
    }

    public func knowledgeItem(_ id: String) -> KnowledgeItem? {
        knowledgeIndex[id].map { knowledge[$0] }
    }
}
