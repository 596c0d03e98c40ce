/// Something the state keeps: an entity with an id, in one named collection, owned by a person
/// or by nobody. The journal, the snapshot, `State.apply`, `Draft`, export and erasure all
/// work from this protocol and the registry in `Collections`, so a new collection is one type
/// conforming here plus one line there.
public protocol StoredEntity: Codable, Sendable, Hashable {
    /// How the collection is kept in memory and in the snapshot: by id in a dictionary, unless
    /// the type brings a table of its own.
    associatedtype Table: EntityTable = [String: Self] where Table.Entity == Self
    /// The collection's name in the journal (`"c"`) and the snapshot.
    static var collection: CollectionName { get }
    var id: String { get }
    /// Whose personal data this is (`my data`, `forget me`); nil when it is nobody's.
    var owner: String? { get }
    /// Everything of this type that is `person`'s data; by default what they own.
    static func personal(_ person: String, in state: State) -> [Self]
    /// When `person` is forgotten: the changes to entities that are not theirs but mention them
    /// (a vote, a routing). `erased` holds the ids of every entity erased with them.
    static func unlinking(_ person: String, in state: State, erased: Set<String>) -> [Change]
}

extension StoredEntity {
    public static func personal(_ person: String, in state: State) -> [Self] {
        state[Self.self].entities.filter { $0.owner == person }.sorted { $0.id < $1.id }
    }

    public static func unlinking(_ person: String, in state: State, erased: Set<String>) -> [Change] { [] }
}

/// A collection's name, as written in the journal's `c` field and as a key of the snapshot.
public struct CollectionName: RawRepresentable, Hashable, Sendable, Codable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }
    public var description: String { rawValue }
}

/// A stored entity of any type, compared and hashed as itself.
public struct AnyEntity: Sendable, Hashable {
    public let base: any StoredEntity

    public init(_ base: any StoredEntity) { self.base = base }

    public static func == (a: AnyEntity, b: AnyEntity) -> Bool {
        func equals<T: StoredEntity>(_ value: T) -> Bool { (b.base as? T) == value }
        return equals(a.base)
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(base) }
}
