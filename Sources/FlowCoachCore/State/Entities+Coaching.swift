import Foundation

/// A person's coaching preferences and history: role, what they were shown, what to rate.
public struct Profile: Sendable, Codable, Hashable {
    /// The user id.
    public var id: String
    /// e.g. `sales` or `manager`; selects dialog branches and recommendation filters.
    public var role: String?
    /// Knowledge ids shown recently, newest last (bounded), so recommendations do not repeat.
    public var shown: [String]
    /// The item `helpful` / `not helpful` applies to.
    public var lastShown: String?
    /// Skills this person answers questions about (`expertise add negotiation`).
    public var expertise: [String]?
    /// Where to reach them directly: the room they last wrote to the coach from.
    public var room: String?
    /// A question held back while they look at similar answered ones (`post it` sends it).
    public var pendingQuestion: String?
    /// Whether `pendingQuestion` was asked anonymously.
    public var pendingAnonymous: Bool?
    /// `questions off`: never route peer questions to this person.
    public var questionsOff = false
    /// When peer questions were routed to them, within the last day (for the daily cap).
    public var routedAt: [Date] = []
    /// When they posted questions or answers, within the last hour (for the posting rate).
    public var postedAt: [Date] = []
    /// An IANA time zone set with `timezone Europe/Berlin`; else the Config default.
    public var timeZone: String?
    /// The time zone the platform's profile gives, used while they have set none themselves.
    public var platformTimeZone: String?
    /// `stop nudges`: nothing scheduled reaches them until `start nudges`.
    public var nudgesOff = false
    /// `snooze 2h` / `snooze tomorrow`: nudges wait until then.
    public var snoozedUntil: Date?
    /// `away until 2026-12-10`: nudges wait until that local day.
    public var awayUntil: String?
    /// The nudge plan they were last scheduled for; a different one schedules them again.
    public var nudgePlan: String?
    /// The local day nudges were last sent on, and how many that day (for the daily cap).
    public var nudgeDay: String?
    public var nudgesToday: Int?
    /// A check-in or practice answer the coach is waiting for.
    public var awaiting: Awaiting?
    /// Their `NudgeDelivery` ids still kept, oldest first; the last one is answered by their next message.
    public var deliveries: [String]?

    public static let shownLimit = 50

    public init(id: String, role: String? = nil, shown: [String] = [], lastShown: String? = nil) {
        self.id = id
        self.role = role
        self.shown = shown
        self.lastShown = lastShown
    }

    /// Records that `item` was shown.
    public mutating func saw(_ item: String) {
        shown.removeAll { $0 == item }
        shown.append(item)
        if shown.count > Self.shownLimit { shown.removeFirst(shown.count - Self.shownLimit) }
        lastShown = item
    }
}

/// One person's verdict on one knowledge item (the latest counts).
public struct Rating: Sendable, Codable, Hashable {
    /// `user|item`.
    public var id: String
    public var user: String
    public var item: String
    public var helpful: Bool
    public var at: Date

    public init(user: String, item: String, helpful: Bool, at: Date) {
        self.id = "\(user)|\(item)"
        self.user = user
        self.item = item
        self.helpful = helpful
        self.at = at
    }
}

/// One coaching dialog someone went through: for metrics (confidence lift, completion).
public struct DialogRun: Sendable, Codable, Hashable {
    /// `user|dialog|start time`.
    public var id: String
    public var user: String
    public var dialog: String
    public var skill: String
    public var startedAt: Date
    public var endedAt: Date?
    public var completed: Bool
    public var confidenceBefore: Int?
    public var confidenceAfter: Int?
    /// The questions answered, in order, and the one it ended on (for the report's funnel).
    public var answered: [String]?
    public var endedAtStep: String?

    public init(user: String, dialog: String, skill: String, startedAt: Date) {
        self.id = "\(user)|\(dialog)|\(Int(startedAt.timeIntervalSince1970))"
        self.user = user
        self.dialog = dialog
        self.skill = skill
        self.startedAt = startedAt
        self.completed = false
    }
}

/// A message (and optionally a dialog) due later, e.g. a reflection two days after coaching.
public struct FollowUp: Sendable, Codable, Hashable {
    public var id: String
    public var user: String
    public var displayName: String
    public var room: String
    public var due: Date
    /// The dialog whose follow-up this is, and its slots, for the template.
    public var dialog: String
    public var slots: [String: String]

    public init(id: String, user: String, displayName: String, room: String, due: Date, dialog: String, slots: [String: String]) {
        self.id = id
        self.user = user
        self.displayName = displayName
        self.room = room
        self.due = due
        self.dialog = dialog
        self.slots = slots
    }
}

extension Profile: StoredEntity {
    public static let collection: CollectionName = "profiles"
    public var owner: String? { id }
}

extension Rating: StoredEntity {
    public static let collection: CollectionName = "ratings"
    public var owner: String? { user }
}

extension DialogRun: StoredEntity {
    public static let collection: CollectionName = "runs"
    public var owner: String? { user }
}

extension FollowUp: StoredEntity {
    public static let collection: CollectionName = "followUps"
    public var owner: String? { user }
}
