import Foundation

/// How one collection is kept: entities by id, readable as a whole, and written into and read
/// from the snapshot under the collection's name.
public protocol EntityTable: Sendable, Equatable {
    associatedtype Entity: StoredEntity
    init()
    subscript(_ id: String) -> Entity? { get set }
    var count: Int { get }
    /// Every entity, in no particular order.
    var entities: [Entity] { get }
    func encode(to container: inout KeyedEncodingContainer<CollectionKey>, as key: CollectionKey) throws
    init(from container: KeyedDecodingContainer<CollectionKey>, as key: CollectionKey) throws
}

/// The snapshot's key for a collection.
public struct CollectionKey: CodingKey {
    public let stringValue: String
    public init(stringValue: String) { self.stringValue = stringValue }
    public init(_ name: CollectionName) { stringValue = name.rawValue }
    public var intValue: Int? { nil }
    public init?(intValue: Int) { nil }
}

/// Most collections: a dictionary by id, a JSON object in the snapshot.
extension Dictionary: EntityTable where Key == String, Value: StoredEntity {
    public typealias Entity = Value

    public var entities: [Value] { Array(values) }

    public func encode(to container: inout KeyedEncodingContainer<CollectionKey>, as key: CollectionKey) throws {
        try container.encode(self, forKey: key)
    }

    /// A collection missing from an older file is empty: adding one needs no migration.
    public init(from container: KeyedDecodingContainer<CollectionKey>, as key: CollectionKey) throws {
        self = try container.decodeIfPresent([String: Value].self, forKey: key) ?? [:]
    }
}
