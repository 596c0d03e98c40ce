/// One write to the state. In the journal: `{"c":"users","id":"…","v":{…}}` or
/// `{"c":"users","id":"…","del":true}`.
public struct Change: Sendable, Hashable {
    public let collection: CollectionName
    public let id: String
    /// The new value; nil for a delete.
    public let value: AnyEntity?

    /// Puts `value` in its collection, replacing what had its id.
    public static func put<T: StoredEntity>(_ value: T) -> Change {
        Change(collection: T.collection, id: value.id, value: AnyEntity(value))
    }

    /// Deletes the entity of type `type` with `id`.
    public static func delete<T: StoredEntity>(_ type: T.Type, id: String) -> Change {
        Change(collection: T.collection, id: id, value: nil)
    }

    /// Deletes the entity with `id` from the collection called `collection`.
    public static func delete(_ collection: CollectionName, id: String) -> Change {
        Change(collection: collection, id: id, value: nil)
    }

    /// The value put, if this puts a `T`.
    public func put<T: StoredEntity>(of type: T.Type) -> T? {
        value?.base as? T
    }

    public var isDelete: Bool { value == nil }
}

extension Change: Codable {
    private enum Key: String, CodingKey { case c, id, v, del }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        collection = try container.decode(CollectionName.self, forKey: .c)
        id = try container.decode(String.self, forKey: .id)
        guard let type = Collections.type(named: collection) else {
            throw DecodingError.dataCorruptedError(forKey: .c, in: container, debugDescription: "unknown collection \(collection)")
        }
        if try container.decodeIfPresent(Bool.self, forKey: .del) == true {
            value = nil
            return
        }
        func decode<T: StoredEntity>(_ type: T.Type) throws -> AnyEntity { AnyEntity(try container.decode(T.self, forKey: .v)) }
        let entity = try decode(type)
        guard entity.base.id == id else {
            throw DecodingError.dataCorruptedError(
                forKey: .id, in: container, debugDescription: "id \(id) does not match the value's id \(entity.base.id)")
        }
        value = entity
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(collection, forKey: .c)
        try container.encode(id, forKey: .id)
        if let value {
            try container.encode(value.base, forKey: .v)
        } else {
            try container.encode(true, forKey: .del)
        }
    }
}
