/// The changes a turn makes, recorded over a read-only base state. Reads see the turn's own
/// writes; nothing touches the base, so a turn costs only what it changes.
public struct Draft: Sendable {
    public let base: State
    public private(set) var changes: [Change] = []

    public init(base: State) {
        self.base = base
    }

    public mutating func put<T: StoredEntity>(_ value: T) {
        changes.append(.put(value))
    }

    public mutating func delete<T: StoredEntity>(_ type: T.Type, id: String) {
        changes.append(.delete(type, id: id))
    }

    /// Records a change made elsewhere (e.g. an erasure's list).
    public mutating func append(_ change: Change) {
        changes.append(change)
    }

    /// The base with this turn's changes applied: a copy of the whole state, for the rare
    /// commands that read across collections (`my data`, `forget me`, `admin stats`).
    public var current: State {
        var state = base
        state.apply(changes)
        return state
    }

    /// The latest `T` with `id` in this turn: its own writes first, then the base.
    public subscript<T: StoredEntity>(_ type: T.Type, id id: String) -> T? {
        for change in changes.reversed() where change.id == id && change.collection == T.collection {
            return change.put(of: T.self)
        }
        return base[T.self][id]
    }

    /// Every `T` as of this turn: the base's, with this turn's puts and deletes applied.
    public func all<T: StoredEntity>(_ type: T.Type) -> [T] {
        var latest: [String: T?] = [:]
        for change in changes where change.collection == T.collection { latest[change.id] = change.put(of: T.self) }
        guard !latest.isEmpty else { return base[T.self].entities }
        return base[T.self].entities.filter { latest[$0.id] == nil } + latest.values.compactMap { $0 }
    }

    public func user(_ id: String) -> UserRecord? { self[UserRecord.self, id: id] }
    public func conversation(_ id: String) -> Conversation? { self[Conversation.self, id: id] }
    public func seen(_ id: String) -> SeenEvent? { self[SeenEvent.self, id: id] }
    public func cursor(_ id: String) -> Cursor? { self[Cursor.self, id: id] }
    public func profile(_ id: String) -> Profile? { self[Profile.self, id: id] }
    public func rating(_ id: String) -> Rating? { self[Rating.self, id: id] }
    public func run(_ id: String) -> DialogRun? { self[DialogRun.self, id: id] }
    public func question(_ id: String) -> PeerQuestion? { self[PeerQuestion.self, id: id] }
    public func answer(_ id: String) -> PeerAnswer? { self[PeerAnswer.self, id: id] }
    public func scheduledNudge(_ id: String) -> ScheduledNudge? { self[ScheduledNudge.self, id: id] }
    public func card(_ id: String) -> CardRecord? { self[CardRecord.self, id: id] }
    public func enrolment(_ id: String) -> Enrolment? { self[Enrolment.self, id: id] }
    public func checkIn(_ id: String) -> CheckIn? { self[CheckIn.self, id: id] }
    public func application(_ id: String) -> Application? { self[Application.self, id: id] }
    public func counter(_ id: String) -> Counter? { self[Counter.self, id: id] }
}
