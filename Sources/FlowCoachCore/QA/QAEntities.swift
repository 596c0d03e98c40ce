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
    public var askedAt: Date
    /// The answer the asker (or an admin) accepted.
    public var accepted: String?
    /// The experts it was sent to.
    public var routedTo: [String]
    /// Set by `close`; a closed question takes no answers and is not escalated.
    public var closedAt: Date?
    /// Set when an admin hides it: it leaves every listing, search and routing.
    public var hidden: Bool?
    /// When it was escalated for going unanswered too long.
    public var escalatedAt: Date?
    /// Who added its accepted answer to the knowledge base (an admin, or `auto` for the votes rule).
    public var promotedBy: String?
    public var editedAt: Date?

    public var isOpen: Bool { closedAt == nil && hidden != true }

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
    public var hidden: Bool?
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
