import Foundation

/// A person's consent to let their manager see their moments (applications and practice
/// progress): kept while they share, deleted by `stop sharing`. It names the manager they agreed
/// to, so a new manager in Config sees nothing until the person shares again.
public struct SharingConsent: Sendable, Codable, Hashable {
    /// The person's id.
    public var id: String
    /// The manager it was given to.
    public var manager: String
    /// Moments from this instant on are shared; nothing from before.
    public var since: Date
    /// Their applications logged in the same second as the consent, before it: not shared.
    public var before: [String]?

    public init(person: String, manager: String, since: Date) {
        self.id = person
        self.manager = manager
        self.since = since
    }
}

/// A manager's side of the loop: the people their latest team view numbered (for
/// `recognise 1 …`) and the digests still kept for the report, oldest first.
public struct TeamDesk: Sendable, Codable, Hashable {
    /// The manager's id.
    public var id: String
    /// Who `1`, `2`, … named in the latest digest or `my team`.
    public var shown: [String]
    public var shownAt: Date?
    /// `ManagerDigest` ids, oldest first; the last one is opened by the manager's next message.
    public var digests: [String]
    /// The room where the manager last wrote to the coach directly: digests go there, never to a shared room.
    public var directRoom: String?

    public init(manager: String) {
        self.id = manager
        self.shown = []
        self.digests = []
    }
}

/// One weekly digest that reached a manager; opened when they wrote to the coach within a day.
public struct ManagerDigest: Sendable, Codable, Hashable {
    /// The sent message's id.
    public var id: String
    public var manager: String
    public var sentAt: Date
    public var respondedAt: Date?

    public init(id: String, manager: String, sentAt: Date) {
        self.id = id
        self.manager = manager
        self.sentAt = sentAt
    }
}

/// A recognition a manager sent through the coach, counted for the report. Whom it went to is
/// not kept: the message itself is in the person's room.
public struct Recognition: Sendable, Codable, Hashable {
    /// `<manager>|<milliseconds since 1970>`.
    public var id: String
    public var manager: String
    public var at: Date

    public init(manager: String, at: Date) {
        self.id = "\(manager)|\(Int64((at.timeIntervalSince1970 * 1000).rounded()))"
        self.manager = manager
        self.at = at
    }
}

extension SharingConsent: StoredEntity {
    public static let collection: CollectionName = "sharing"
    public var owner: String? { id }

    /// A forgotten manager: the consents given to them lapse (a later manager with the same id is asked anew).
    public static func unlinking(_ person: String, in state: State, erased: Set<String>) -> [Change] {
        state[SharingConsent.self].values.filter { $0.manager == person && !erased.contains($0.id) }.map { .delete(SharingConsent.self, id: $0.id) }
    }
}

extension TeamDesk: StoredEntity {
    public static let collection: CollectionName = "teamDesks"
    public var owner: String? { id }

    /// A forgotten person leaves their manager's numbered list.
    public static func unlinking(_ person: String, in state: State, erased: Set<String>) -> [Change] {
        state[TeamDesk.self].values.filter { $0.shown.contains(person) && !erased.contains($0.id) }.map { desk in
            var desk = desk
            desk.shown.removeAll { $0 == person }
            return .put(desk)
        }
    }
}

extension ManagerDigest: StoredEntity {
    public static let collection: CollectionName = "digests"
    public var owner: String? { manager }
}

extension Recognition: StoredEntity {
    public static let collection: CollectionName = "recognitions"
    public var owner: String? { manager }
}
