import Foundation

/// Everything the state holds about one person, for `my data` (an export) and `forget me` (the
/// deletions). Both come from the registry (`Collections`): every collection's share of the
/// person (`StoredEntity.personal`), so a new collection is exported and erased without a line here.
public struct PersonalData: Sendable, Encodable {
    public let person: String
    /// Each collection's share of their data, in registry order; collections with none left out.
    public let collections: [(name: CollectionName, entities: [any StoredEntity])]
    /// Answers they voted for: the votes live in other people's answers.
    public let votesCast: [String]

    /// Collects it from `state`, sorted so the export is stable.
    public init(of person: String, in state: State) {
        self.person = person
        collections = state.personal(person)
        votesCast = state.answers.values.filter { $0.voters.contains(person) && $0.author != person }.map(\.id).sorted()
    }

    /// The entities of type `T` in the export.
    public func entities<T: StoredEntity>(_ type: T.Type) -> [T] {
        collections.first { $0.name == T.collection }?.entities.compactMap { $0 as? T } ?? []
    }

    private enum Key: String, CodingKey { case person, collections, votesCast }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(person, forKey: .person)
        try container.encode(votesCast, forKey: .votesCast)
        var nested = container.nestedContainer(keyedBy: CollectionKey.self, forKey: .collections)
        for (name, entities) in collections {
            var list = nested.nestedUnkeyedContainer(forKey: CollectionKey(name))
            for entity in entities { try list.encode(entity) }
        }
    }

    /// The export as pretty JSON.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// The changes that erase it: every entity of theirs deleted, then what others' entities
    /// hold of them taken off (`StoredEntity.unlinking`: votes, routings). Aggregates stay with no
    /// name: their applications in a `ForgottenTally`, and the `forgotten.people` counter.
    public func erasure(in state: State) -> [Change] {
        var changes = collections.flatMap { name, entities in entities.map { Change.delete(name, id: $0.id) } }
        let erased = Set(collections.flatMap { $0.entities.map(\.id) })
        changes += state.unlinking(person, erased: erased)
        let applications = entities(Application.self)
        if !applications.isEmpty {
            var tally: [String: [String: Int]] = [:]
            for application in applications { tally[application.skill, default: [:]][Figure.day(application.at), default: 0] += 1 }
            let programs = Set(entities(Enrolment.self).map(\.program)).sorted()
            let number = state[ForgottenTally.self].count + 1
            changes.append(.put(ForgottenTally(id: "forgotten-\(number)", applications: tally, programs: programs)))
        }
        let people = "forgotten.people"
        changes.append(.put(Counter(id: people, value: (state.counters[people]?.value ?? 0) + 1)))
        return changes
    }
}
