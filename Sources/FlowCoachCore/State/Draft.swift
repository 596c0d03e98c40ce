/// The changes a turn makes, recorded over a read-only base state. Reads see the turn's own
/// writes; nothing touches the base, so a turn costs only what it changes.
public struct Draft: Sendable {
    public let base: State
    public private(set) var changes: [Change] = []

    public init(base: State) {
        self.base = base
    }

    public mutating func put(_ entity: Entity) {
        changes.append(.put(entity))
    }

    public mutating func delete(_ collection: CollectionName, id: String) {
        changes.append(.delete(collection, id: id))
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

    /// The latest value of an entity in this turn: its own writes first, then the base.
    private func latest<T>(_ collection: CollectionName, _ id: String, _ extract: (Entity) -> T?, base: T?) -> T? {
        for change in changes.reversed() where change.collection == collection && change.id == id {
            switch change {
            case .delete: return nil
            case .put(let entity): return extract(entity)
            }
        }
        return base
    }

    public func user(_ id: String) -> UserRecord? {
        latest(.users, id, { if case .user(let v) = $0 { v } else { nil } }, base: base.users[id])
    }

    public func conversation(_ id: String) -> Conversation? {
        latest(.conversations, id, { if case .conversation(let v) = $0 { v } else { nil } }, base: base.conversations[id])
    }

    public func seen(_ id: String) -> SeenEvent? {
        latest(.seen, id, { if case .seen(let v) = $0 { v } else { nil } }, base: base.seen[id])
    }

    public func cursor(_ id: String) -> Cursor? {
        latest(.cursors, id, { if case .cursor(let v) = $0 { v } else { nil } }, base: base.cursors[id])
    }

    public func profile(_ id: String) -> Profile? {
        latest(.profiles, id, { if case .profile(let v) = $0 { v } else { nil } }, base: base.profiles[id])
    }

    public func rating(_ id: String) -> Rating? {
        latest(.ratings, id, { if case .rating(let v) = $0 { v } else { nil } }, base: base.ratings[id])
    }

    public func run(_ id: String) -> DialogRun? {
        latest(.runs, id, { if case .run(let v) = $0 { v } else { nil } }, base: base.runs[id])
    }

    public func question(_ id: String) -> PeerQuestion? {
        latest(.questions, id, { if case .question(let v) = $0 { v } else { nil } }, base: base.questions[id])
    }

    public func answer(_ id: String) -> PeerAnswer? {
        latest(.answers, id, { if case .answer(let v) = $0 { v } else { nil } }, base: base.answers[id])
    }

    public func scheduledNudge(_ id: String) -> ScheduledNudge? {
        latest(.scheduled, id, { if case .scheduledNudge(let v) = $0 { v } else { nil } }, base: base.scheduled[id])
    }

    public func card(_ id: String) -> CardRecord? {
        latest(.cards, id, { if case .card(let v) = $0 { v } else { nil } }, base: base.cards[id])
    }

    public func enrolment(_ id: String) -> Enrolment? {
        latest(.enrolments, id, { if case .enrolment(let v) = $0 { v } else { nil } }, base: base.enrolments[id])
    }

    public func checkIn(_ id: String) -> CheckIn? {
        latest(.checkIns, id, { if case .checkIn(let v) = $0 { v } else { nil } }, base: base.checkIns[id])
    }

    public func application(_ id: String) -> Application? {
        latest(.applications, id, { if case .application(let v) = $0 { v } else { nil } }, base: base.applications[id])
    }

    public func counter(_ id: String) -> Counter? {
        latest(.counters, id, { if case .counter(let v) = $0 { v } else { nil } }, base: base.counters[id])
    }
}
