import Foundation

/// One nudge that reached a person, kept so reports can show which kinds of nudge, at which
/// local hours, people answer. A reply within `respondWithin` counts as a response.
public struct NudgeDelivery: Sendable, Codable, Hashable {
    /// The sent message's id (the nudge occurrence).
    public var id: String
    public var user: String
    /// message, knowledge, practice, check-in, dialog or program.
    public var kind: String
    public var sentAt: Date
    /// The hour of the day (0-23) in the person's time zone when it arrived.
    public var localHour: Int
    public var respondedAt: Date?

    /// How long after a nudge a message from the person still counts as answering it.
    public static let respondWithin: TimeInterval = 24 * 3600
    /// How long deliveries are kept: long enough for a quarter's report.
    public static let keptFor: TimeInterval = 120 * 86_400

    public init(id: String, user: String, kind: String, sentAt: Date, localHour: Int) {
        self.id = id
        self.user = user
        self.kind = kind
        self.sentAt = sentAt
        self.localHour = localHour
    }
}

extension NudgeDelivery: StoredEntity {
    public static let collection: CollectionName = "deliveries"
    public var owner: String? { user }
}
