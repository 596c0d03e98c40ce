/// The whole persistent state: collections of entities keyed by id. It changes only through
/// `apply(_:)`, the one path shared by live turns and journal replay, so both always agree.
public struct State: Sendable, Codable, Equatable {
    public var users: [String: UserRecord] = [:]
    public var conversations: [String: Conversation] = [:]
    public var outbox: [String: Outbound] = [:]
    public var cursors: [String: Cursor] = [:]
    public var seen: [String: SeenEvent] = [:]

    public init() {}

    /// Applies one committed change.
    public mutating func apply(_ change: Change) {
        switch change {
        case .put(let entity):
            switch entity {
            case .user(let value): users[value.id] = value
            case .conversation(let value): conversations[value.id] = value
            case .outbox(let value): outbox[value.id] = value
            case .cursor(let value): cursors[value.id] = value
            case .seen(let value): seen[value.id] = value
            }
        case .delete(let collection, let id):
            switch collection {
            case .users: users[id] = nil
            case .conversations: conversations[id] = nil
            case .outbox: outbox[id] = nil
            case .cursors: cursors[id] = nil
            case .seen: seen[id] = nil
            }
        }
    }

    /// Applies changes in order.
    public mutating func apply(_ changes: [Change]) {
        for change in changes { apply(change) }
    }
}
