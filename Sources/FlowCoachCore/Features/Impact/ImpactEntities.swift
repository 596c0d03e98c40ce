import Foundation

/// One time someone applied a skill on the job, in their words: `applied <skill>: <what happened>`
/// or the note after a check-in's "yes". Impact is added when they answer the follow-up question.
public struct Application: Sendable, Codable, Hashable {
    /// What kind of difference it made.
    public enum ImpactKind: String, Sendable, Codable, CaseIterable {
        case time, quality, customer, other
    }

    /// `<person>|<milliseconds since 1970>`.
    public var id: String
    public var user: String
    public var skill: String
    public var note: String
    public var at: Date
    /// `chat` (said `applied`) or `check-in`.
    public var source: String
    /// 1 (little) to 5 (a lot), when given.
    public var impact: Int?
    public var impactKind: ImpactKind?
    /// An optional figure with the impact, e.g. hours saved.
    public var amount: Double?

    public init(user: String, skill: String, note: String, at: Date, source: String) {
        self.id = "\(user)|\(Int64((at.timeIntervalSince1970 * 1000).rounded()))"
        self.user = user
        self.skill = skill
        self.note = note
        self.at = at
        self.source = source
    }
}

/// One admin command, kept for accountability: who (immutable id), what, where, when, allowed or not.
public struct AuditEntry: Sendable, Codable, Hashable {
    /// `<milliseconds since 1970>|<event id>`.
    public var id: String
    public var actor: String
    public var command: String
    public var room: String
    public var at: Date
    public var allowed: Bool

    public init(actor: String, command: String, room: String, at: Date, allowed: Bool, event: String) {
        self.id = "\(Int64((at.timeIntervalSince1970 * 1000).rounded()))|\(event)"
        self.actor = actor
        self.command = command
        self.room = room
        self.at = at
        self.allowed = allowed
    }
}

extension Application: StoredEntity {
    public static let collection: CollectionName = "applications"
    public var owner: String? { user }
}

extension AuditEntry: StoredEntity {
    public static let collection: CollectionName = "audit"
    public var owner: String? { actor }
}
