import Foundation

/// How a written answer to a scenario card is read: criteria as rules, each with what to say
/// when it is met and when it is missed (`rubric:` on a card in `Prompts/practice/`).
public struct RubricCriterion: Sendable, Equatable {
    public enum Rule: Sendable, Equatable {
        /// Mentions at least one of these words or phrases (by stem: "interrupted" mentions "interrupt").
        case mentions([String])
        /// Uses none of these (labels such as "lazy", absolutes such as "always").
        case avoids([String])
        /// Asks the other person something.
        case asksQuestion
        /// At least this many words.
        case atLeastWords(Int)
    }

    public var name: String
    public var rule: Rule
    public var met: String
    public var missed: String

    public init(name: String, rule: Rule, met: String, missed: String) {
        self.name = name
        self.rule = rule
        self.met = met
        self.missed = missed
    }

    /// Whether `answer` meets the rule.
    public func isMet(by answer: String) -> Bool {
        let words = TextNormalizer.words(answer)
        let stems = words.map(Stemmer.stem)
        switch rule {
        case .mentions(let phrases): return phrases.contains { stems.containsRun(TextNormalizer.words($0).map(Stemmer.stem)) }
        case .avoids(let phrases): return !phrases.contains { stems.containsRun(TextNormalizer.words($0).map(Stemmer.stem)) }
        case .asksQuestion: return answer.contains("?")
        case .atLeastWords(let count): return words.count >= count
        }
    }
}

/// One criterion of one answer: kept so reports can show which part of a skill people miss.
public struct RubricResult: Sendable, Codable, Hashable {
    /// `user|card|criterion|review`.
    public var id: String
    public var user: String
    public var card: String
    public var skill: String
    public var criterion: String
    public var met: Bool
    public var at: Date

    public init(user: String, card: String, skill: String, criterion: String, review: Int, met: Bool, at: Date) {
        self.id = "\(user)|\(card)|\(criterion)|\(review)"
        self.user = user
        self.card = card
        self.skill = skill
        self.criterion = criterion
        self.met = met
        self.at = at
    }
}

extension RubricResult: StoredEntity {
    public static let collection: CollectionName = "rubric"
    public var owner: String? { user }
}
