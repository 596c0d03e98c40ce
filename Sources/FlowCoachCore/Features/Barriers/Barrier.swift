import Foundation

/// Something that got in the way of applying a skill, as a person said it: `barrier <text>`, or
/// a threaded reply to a cohort's discussion prompt. Reported without names, by category.
public struct Barrier: Sendable, Codable, Hashable {
    /// `user|time`.
    public var id: String
    public var user: String
    public var text: String
    /// The category its words fall in (`Prompts/barriers.yaml`), else `other`.
    public var category: String
    public var skill: String?
    public var program: String?
    public var at: Date

    public init(user: String, text: String, category: String, skill: String?, program: String?, at: Date) {
        self.id = "\(user)|\(Int(at.timeIntervalSince1970))"
        self.user = user
        self.text = text
        self.category = category
        self.skill = skill
        self.program = program
        self.at = at
    }
}

extension Barrier: StoredEntity {
    public static let collection: CollectionName = "barriers"
    public var owner: String? { user }
}

/// A kind of barrier and the words that name it ("no time", "swamped" → time).
public struct BarrierCategory: Sendable, Equatable {
    public var id: String
    public var label: String
    public var phrases: [String]

    public init(id: String, label: String, phrases: [String]) {
        self.id = id
        self.label = label
        self.phrases = phrases
    }

    /// The category `other` stands for what no category's words match.
    public static let other = "other"

    /// The first category whose phrases the text mentions (by word stems), else `other`.
    public static func classify(_ text: String, in categories: [BarrierCategory]) -> String {
        let stems = TextNormalizer.words(text).map(Stemmer.stem)
        for category in categories where category.phrases.contains(where: { stems.containsRun(TextNormalizer.words($0).map(Stemmer.stem)) }) {
            return category.id
        }
        return other
    }
}
