import Foundation

/// One delivery waiting in the due queue. Its id says what it is and for whom:
/// `n|<nudge>|<person>`, `u|<program>|<unit>|<person or room>`, `p|<person>` (practice reminder), `m|<manager>` (the weekly team digest).
/// One entry stands for the next occurrence only; sending it schedules the one after.
public struct ScheduledNudge: Sendable, Hashable {
    public var id: String
    /// When it may go out: the schedule's time moved into the person's allowed hours.
    public var due: Date
    /// The schedule's own time, from which the next occurrence is computed; with the id it keys
    /// the message, so a resend after a crash is recognised as the same one.
    public var nominal: Date
    /// Higher goes first when the daily cap is reached.
    public var priority: Int

    public init(id: String, due: Date, nominal: Date, priority: Int) {
        self.id = id
        self.due = due
        self.nominal = nominal
        self.priority = priority
    }

    /// The person (or, for a cohort's room units, the room) it goes to: the id's last part.
    public var user: String {
        guard let bar = id.lastIndex(of: "|") else { return id }
        return String(id[id.index(after: bar)...])
    }
}

/// What FSRS knows about one person and one practice card.
public struct CardRecord: Sendable, Codable, Hashable {
    /// `<person>|<card>`.
    public var id: String
    public var user: String
    public var card: String
    public var memory: CardMemory
    public var reviews: Int

    public init(user: String, card: String, memory: CardMemory) {
        self.id = "\(user)|\(card)"
        self.user = user
        self.card = card
        self.memory = memory
        self.reviews = 0
    }
}

/// A person in a learning program.
public struct Enrolment: Sendable, Codable, Hashable {
    /// `<program>|<person>`.
    public var id: String
    public var program: String
    public var cohort: String
    public var user: String
    /// The moment units count from.
    public var start: Date
    /// Units delivered, in order.
    public var done: [String]

    public init(program: String, cohort: String, user: String, start: Date) {
        self.id = "\(program)|\(user)"
        self.program = program
        self.cohort = cohort
        self.user = user
        self.start = start
        self.done = []
    }
}

/// A "did you apply it?" check-in: sent, then answered yes (with what happened) or no; never
/// answered means ignored.
public struct CheckIn: Sendable, Codable, Hashable {
    public var id: String
    public var user: String
    public var skill: String
    public var sentAt: Date
    public var applied: Bool?
    public var note: String?
    public var answeredAt: Date?

    public init(id: String, user: String, skill: String, sentAt: Date) {
        self.id = id
        self.user = user
        self.skill = skill
        self.sentAt = sentAt
    }
}

/// A named count (nudges sent, deferred, dropped by reason), for reports and metrics.
public struct Counter: Sendable, Codable, Hashable {
    public var id: String
    public var value: Int

    public init(id: String, value: Int) {
        self.id = id
        self.value = value
    }
}

/// What the coach asked a person outside a dialog and waits for: a check-in answer, what
/// happened, a practice answer, a practice grade, or how much an application helped.
public struct Awaiting: Sendable, Codable, Hashable {
    public enum Kind: String, Sendable, Codable {
        case checkIn, checkInNote, practiceAnswer, practiceGrade, impact
        /// Confirmations: `forget me`, `admin broadcast`.
        case forgetMe, broadcast
        /// "Is this about A or B?": `ref` is the first dialog, `text` the second.
        case choice
        /// "Shall I send the plan before the moment?": `ref` is the debrief follow-up; `text` the day, time and plan.
        case moment

        /// A yes-or-no that the very next message answers, or else drops.
        public var isConfirmation: Bool { self == .forgetMe || self == .broadcast }
    }
    public var kind: Kind
    /// The check-in id, the card id, the application id, or the broadcast's cohort.
    public var ref: String
    /// Cards still to come in this practice session.
    public var queue: [String]?
    /// The text of a broadcast waiting for its confirmation.
    public var text: String?
    /// When a nudge asked it: until it is answered (or a day has passed) other nudges wait, so
    /// two questions are never open at once and no answer lands on the wrong one.
    public var since: Date?

    public init(kind: Kind, ref: String, queue: [String]? = nil, text: String? = nil, since: Date? = nil) {
        self.kind = kind
        self.ref = ref
        self.queue = queue
        self.text = text
        self.since = since
    }
}

extension ScheduledNudge: StoredEntity {
    public typealias Table = ScheduleTable
    public static let collection: CollectionName = "scheduled"
    public var owner: String? { user }
}

extension CardRecord: StoredEntity {
    public static let collection: CollectionName = "cards"
    public var owner: String? { user }
}

extension Enrolment: StoredEntity {
    public static let collection: CollectionName = "enrolments"
    public var owner: String? { user }
}

extension CheckIn: StoredEntity {
    public static let collection: CollectionName = "checkIns"
    public var owner: String? { user }
}

extension Counter: StoredEntity {
    public static let collection: CollectionName = "counters"
    public var owner: String? { nil }
}
