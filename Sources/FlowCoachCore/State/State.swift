/// The whole persistent state: every registered collection (`Collections`) of entities keyed by
/// id. It changes only through `apply(_:)`, the one path shared by live turns and journal
/// replay, so both always agree.
public struct State: Sendable {
    /// One table per registered collection, in registry order.
    var boxes: [AnyTableBox]
    /// Derived, not stored: `scheduled` ordered by due time (a 4-ary heap), rebuilt on load.
    public internal(set) var dueQueue = DueQueue()
    /// Derived, not stored: answered questions (with their accepted answer) by text, kept in
    /// step by `apply` and rebuilt on load.
    public internal(set) var answeredIndex = TextIndex()

    public init() {
        boxes = Collections.emptyBoxes()
    }

    /// The collection that keeps `T`s.
    public subscript<T: StoredEntity>(_ type: T.Type) -> T.Table {
        box(T.self).table
    }

    private func box<T: StoredEntity>(_ type: T.Type) -> TableBox<T> {
        unsafeDowncast(boxes[Self.position(T.collection)], to: TableBox<T>.self)
    }

    static func position(_ name: CollectionName) -> Int {
        guard let position = Collections.positions[name] else { preconditionFailure("\(name) is not in Collections.all") }
        return position
    }

    /// Applies one committed change.
    public mutating func apply(_ change: Change) {
        guard let position = Collections.positions[change.collection] else { return }
        if !isKnownUniquelyReferenced(&boxes[position]) { boxes[position] = boxes[position].copy() }
        boxes[position].apply(change)
        followDerived(change)
    }

    /// Applies changes in order.
    public mutating func apply(_ changes: [Change]) {
        for change in changes { apply(change) }
        if changes.contains(where: { $0.collection == ScheduledNudge.collection }) { dueQueue.dropStale(scheduled) }
    }

    /// Keeps the derived indexes in step with a change.
    private mutating func followDerived(_ change: Change) {
        switch change.collection {
        case ScheduledNudge.collection:
            if change.value != nil, let due = scheduled.dueSeconds(of: change.id) { dueQueue.push(change.id, due: due) }
        case PeerQuestion.collection:
            if let question = change.put(of: PeerQuestion.self) { indexAnswered(question) } else { answeredIndex.remove(change.id) }
        case PeerAnswer.collection:
            if let answer = change.put(of: PeerAnswer.self), let question = questions[answer.question], question.accepted == answer.id {
                indexAnswered(question)
            }
        default:
            break
        }
    }

    /// Keeps `answeredIndex` in step with an answered question: its text weighs 2, the accepted answer 1.
    mutating func indexAnswered(_ question: PeerQuestion) {
        if let fields = Self.answeredFields(question, answers) {
            answeredIndex.put(question.id, fields)
        } else {
            answeredIndex.remove(question.id)
        }
    }

    /// What the answered-questions index holds of `question`, or nil when it is not answered
    /// (or it or its answer is hidden).
    static func answeredFields(_ question: PeerQuestion, _ answers: [String: PeerAnswer]) -> [(text: String, weight: Double)]? {
        guard let accepted = question.accepted, !question.hidden else { return nil }
        let answer = answers[accepted]
        if answer?.hidden == true { return nil }
        return [(question.text, 2), (question.tags.joined(separator: " "), 2), (answer?.text ?? "", 1)]
    }

    /// How many entities each collection holds, by name.
    public var counts: [CollectionName: Int] {
        Dictionary(uniqueKeysWithValues: zip(Collections.all.map { $0.collection }, boxes.map(\.count)))
    }

    /// Everything of `person`'s, collection by collection (only collections that hold some).
    public func personal(_ person: String) -> [(name: CollectionName, entities: [any StoredEntity])] {
        zip(Collections.all, boxes).compactMap { type, box in
            let entities = box.personal(person, in: self)
            return entities.isEmpty ? nil : (type.collection, entities)
        }
    }

    /// The changes to others' entities that mention `person`, when they are forgotten.
    func unlinking(_ person: String, erased: Set<String>) -> [Change] {
        boxes.flatMap { $0.unlinking(person, in: self, erased: erased) }
    }
}

extension State: Equatable {
    public static func == (a: State, b: State) -> Bool {
        zip(a.boxes, b.boxes).allSatisfy { $0 === $1 || $0.isEqual($1) }
    }
}

extension State: Codable {
    /// Collections missing from an older file decode as empty, so adding a collection needs no migration.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CollectionKey.self)
        let loaded = try Collections.all.indices.map { try Self.loadCollection(at: $0, from: container) }
        self.init(loaded: loaded, answeredIndex: Self.answeredIndex(of: loaded))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CollectionKey.self)
        for box in boxes { try box.encode(to: &container) }
    }
}
