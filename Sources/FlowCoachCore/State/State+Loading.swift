/// A snapshot's collections read one at a time, so a store can decode them on several threads
/// and build the answered-questions index beside the rest: `loadCollection` for each position in
/// `Collections.all`, `answeredIndex(of:)` once `answeredIndexSources` are loaded, then
/// `init(loaded:answeredIndex:)`. `State`'s own `init(from:)` takes the same steps in order.
extension State {
    /// One decoded collection, ready to become part of a `State`. Each is written by the thread
    /// that decoded it and only read afterwards.
    public struct LoadedCollection: @unchecked Sendable {
        let position: Int
        let box: AnyTableBox
        /// How many entities it holds.
        public var count: Int { box.count }
    }

    /// The positions (in `Collections.all`) of the collections the answered-questions index is made from.
    public static var answeredIndexSources: [Int] {
        [position(PeerQuestion.collection), position(PeerAnswer.collection)]
    }

    /// Decodes the collection at `position` in `Collections.all` from the state's container
    /// (empty when the file has none: an older file without a newer collection).
    public static func loadCollection(at position: Int, from container: KeyedDecodingContainer<CollectionKey>) throws -> LoadedCollection {
        LoadedCollection(position: position, box: try decodeBox(Collections.all[position], from: container))
    }

    private static func decodeBox<T: StoredEntity>(_ type: T.Type, from container: KeyedDecodingContainer<CollectionKey>) throws -> AnyTableBox {
        TableBox<T>(try T.Table(from: container, as: CollectionKey(T.collection)))
    }

    /// The answered-questions index of the questions and answers among `loaded` (only those two
    /// are read, so it can be built while other collections are still being decoded).
    public static func answeredIndex(of loaded: [LoadedCollection]) -> TextIndex {
        answeredIndex(of: loaded, part: 0, of: 1)
    }

    /// The index of the `part`th of `parts` equal shares of the answered questions (the same
    /// shares for the same `loaded`); merged together (`TextIndex.merge`), the parts are the index.
    public static func answeredIndex(of loaded: [LoadedCollection], part: Int, of parts: Int) -> TextIndex {
        var sources = State()
        for collection in loaded where answeredIndexSources.contains(collection.position) {
            sources.boxes[collection.position] = collection.box
        }
        let questions = sources.questions
        let answers = sources.answers
        let share = (questions.count + parts - 1) / max(1, parts)
        let shared = questions.values.dropFirst(min(questions.count, part * share)).prefix(share)
        var index = TextIndex()
        index.putNew(shared.lazy.compactMap { question in answeredFields(question, answers).map { (id: question.id, fields: $0) } })
        return index
    }

    /// The state made of every collection in `Collections.all` (one each, in any order) and the
    /// index built from them; the due queue is derived here.
    public init(loaded: [LoadedCollection], answeredIndex: TextIndex) {
        self.init()
        precondition(Set(loaded.map(\.position)) == Set(boxes.indices), "a state needs every collection exactly once")
        for collection in loaded { boxes[collection.position] = collection.box }
        self.answeredIndex = answeredIndex
        dueQueue = DueQueue(scheduled)
    }
}
