import Foundation

/// A question posted to peers on the Q&A board.
public struct PeerQuestion: Sendable, Codable, Hashable {
    /// `q1`, `q2`, ... typed in chat.
    public var id: String
    public var asker: String
    public var askerName: String
    /// Where the asker is told about answers.
    public var room: String
    public var text: String
    /// Skills and tags detected in the text or given as `#tags`.
    public var tags: [String]
    /// The skills its wording is about (`QuestionTopics`), read when it is posted or edited: it
    /// reaches experts in them even without a tag. Absent in questions from before.
    public var about: [String]?
    public var askedAt: Date
    /// The answer the asker (or an admin) accepted.
    public var accepted: String?
    /// The experts it was sent to.
    public var routedTo: [String]
    /// Set by `close`; a closed question takes no answers and is not escalated.
    public var closedAt: Date?
    /// Set when an admin hides it: it leaves every listing, search and routing.
    public var hidden = false
    /// When it was escalated for going unanswered too long.
    public var escalatedAt: Date?
    /// Who added its accepted answer to the knowledge base (an admin, or `auto` for the votes rule).
    public var promotedBy: String?
    public var editedAt: Date?
    /// `ask anonymously`: no one is shown who asked (the audit log records it); absent otherwise.
    public var anonymous: Bool?

    public var isOpen: Bool { closedAt == nil && hidden != true }
    /// Whether no one may be shown who asked: asked anonymously, or the asker was forgotten.
    public var hidesAsker: Bool { anonymous == true || askerName.isEmpty }

    public init(id: String, asker: String, askerName: String, room: String, text: String, tags: [String], askedAt: Date, routedTo: [String]) {
        self.id = id
        self.asker = asker
        self.askerName = askerName
        self.room = room
        self.text = text
        self.tags = tags
        self.askedAt = askedAt
        self.routedTo = routedTo
    }
}

/// A peer's answer to a question.
public struct PeerAnswer: Sendable, Codable, Hashable {
    /// `a1`, `a2`, ...
    public var id: String
    public var question: String
    public var author: String
    public var authorName: String
    public var text: String
    public var at: Date
    /// Who voted for it (each person once).
    public var voters: [String]
    /// Set when an admin hides it.
    public var hidden = false
    public var editedAt: Date?

    public init(id: String, question: String, author: String, authorName: String, text: String, at: Date) {
        self.id = id
        self.question = question
        self.author = author
        self.authorName = authorName
        self.text = text
        self.at = at
        self.voters = []
    }
}

extension PeerQuestion: StoredEntity {
    public static let collection: CollectionName = "questions"
    public var owner: String? { asker }

    /// Others' questions that were routed to the person, or whose accepted answer was theirs; and
    /// the person's own questions that colleagues answered or an admin promoted: those stay, with
    /// the asker and the wording gone (only the topic tags remain), so others' work is not lost.
    public static func unlinking(_ person: String, in state: State, erased: Set<String>) -> [Change] {
        state.questions.values.sorted { $0.id < $1.id }.compactMap { question in
            if question.asker == person {
                let othersAnswered = state.answers.values.contains { $0.question == question.id && $0.author != person }
                guard othersAnswered || question.promotedBy != nil else { return nil }
                var kept = question
                kept.asker = ""
                kept.askerName = ""
                kept.room = ""
                kept.text = question.tags.isEmpty ? "…" : question.tags.map { "#\($0)" }.joined(separator: " ")
                kept.routedTo.removeAll { $0 == person }
                if let accepted = kept.accepted, erased.contains(accepted) { kept.accepted = nil }
                // No one is left to read new answers or accept one: the question takes no more.
                let lastAnswer = state.answers.values.filter { $0.question == question.id }.map(\.at).max()
                kept.closedAt = kept.closedAt ?? lastAnswer ?? question.askedAt
                return .put(kept)
            }
            guard !erased.contains(question.id) else { return nil }
            let acceptedTheirs = question.accepted.map(erased.contains) ?? false
            guard question.routedTo.contains(person) || acceptedTheirs else { return nil }
            var kept = question
            kept.routedTo.removeAll { $0 == person }
            if acceptedTheirs { kept.accepted = nil }
            return .put(kept)
        }
    }
}

extension PeerAnswer: StoredEntity {
    public static let collection: CollectionName = "answers"
    public var owner: String? { author }

    /// Their answers. (Colleagues' answers to their questions are the colleagues' work: they stay.)
    public static func personal(_ person: String, in state: State) -> [PeerAnswer] {
        state.answers.values.filter { $0.author == person }.sorted { $0.id < $1.id }
    }

    /// Their votes taken off others' answers.
    public static func unlinking(_ person: String, in state: State, erased: Set<String>) -> [Change] {
        state.answers.values.sorted { $0.id < $1.id }.compactMap { answer in
            guard answer.voters.contains(person), !erased.contains(answer.id) else { return nil }
            var kept = answer
            kept.voters.removeAll { $0 == person }
            return .put(kept)
        }
    }
}
