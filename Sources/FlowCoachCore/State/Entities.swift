import Foundation

/// What flowcoach remembers about a person.
public struct UserRecord: Sendable, Codable, Hashable {
    public var id: String
    public var displayName: String
    public var firstSeen: Date
    public var lastSeen: Date

    public init(id: String, displayName: String, firstSeen: Date, lastSeen: Date) {
        self.id = id
        self.displayName = displayName
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
    }
}

/// A coaching dialog in progress for one person: which dialog, which step, what they answered.
public struct Conversation: Sendable, Codable, Hashable {
    /// The person's user id: one active dialog per person, wherever they write from.
    public var id: String
    public var dialogID: String
    public var stepID: String
    public var slots: [String: String]
    /// Where the dialog's replies go.
    public var room: String
    /// How many times in a row the current question got an answer that did not fit.
    public var retries: Int
    public var startedAt: Date
    public var updatedAt: Date
    /// Questions answered so far, oldest first, for `back`.
    public var history: [String]?
    /// A dialog the person asked for mid-dialog, waiting for their yes/no.
    public var pendingSwitch: String?
    /// The `DialogRun` this conversation records into.
    public var runID: String?

    public init(
        id: String, dialogID: String, stepID: String, slots: [String: String] = [:], room: String,
        retries: Int = 0, startedAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.dialogID = dialogID
        self.stepID = stepID
        self.slots = slots
        self.room = room
        self.retries = retries
        self.startedAt = startedAt
        self.updatedAt = updatedAt
    }
}

/// A read position kept between runs: a platform's (e.g. Matrix `next_batch`, committed with the
/// effects of its batch), or which nudge plan everyone has been scheduled for.
public struct Cursor: Sendable, Codable, Hashable {
    /// The platform name, or `nudge-plan` for the plan everyone has been scheduled for.
    public var id: String
    public var value: String

    public init(id: String, value: String) {
        self.id = id
        self.value = value
    }
}

/// An event id already handled, kept for a while so a re-fed event is not answered twice.
public struct SeenEvent: Sendable, Codable, Hashable {
    public var id: String
    public var at: Date

    public init(id: String, at: Date) {
        self.id = id
        self.at = at
    }
}

extension UserRecord: StoredEntity {
    public static let collection: CollectionName = "users"
    public var owner: String? { id }
}

extension Conversation: StoredEntity {
    public static let collection: CollectionName = "conversations"
    public var owner: String? { id }
}

extension Cursor: StoredEntity {
    public static let collection: CollectionName = "cursors"
    public var owner: String? { nil }
}

extension SeenEvent: StoredEntity {
    public static let collection: CollectionName = "seen"
    public var owner: String? { nil }
}

extension Outbound: StoredEntity {
    public static let collection: CollectionName = "outbox"
    /// A reply is addressed to a room, not a person: see `personal`.
    public var owner: String? { nil }

    /// Replies still kept that went to the person's rooms (their DM and their dialog's room).
    public static func personal(_ person: String, in state: State) -> [Outbound] {
        let rooms = Set([state.profiles[person]?.room, state.conversations[person]?.room].compactMap { $0 })
        return state.outbox.values.filter { rooms.contains($0.room) }.sorted { $0.id < $1.id }
    }
}
