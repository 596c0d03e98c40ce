import Foundation

// The containers `FastJSONDecoder` hands to `Decodable` types, and the fast path for collections by id.

extension FastJSONDecoder {
    /// Where a keyed container's lookups stand: a dictionary decoded from one asks for its keys
    /// in the order `allKeys` gave them, so the member after the last one found is tried first.
    /// Its type's `KeyLayout` is tried before any of this. It also holds the container's reader
    /// and members: the standard library copies a container for every value asked of it, and one
    /// reference is one retain a copy instead of three.
    final class Lookup {
        let decoder: FastJSONDecoder
        let members: [(key: Int, value: Int)]
        var next = 0
        var index: [String: Int]?
        var layout: LayoutUse

        init(decoder: FastJSONDecoder, members: [(key: Int, value: Int)], layout: LayoutUse) {
            self.decoder = decoder
            self.members = members
            self.layout = layout
        }
    }

    struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let lookup: Lookup
        var decoder: FastJSONDecoder { lookup.decoder }
        var members: [(key: Int, value: Int)] { lookup.members }
        var codingPath: [any CodingKey] { [] }

        init(decoder: FastJSONDecoder, object: Int) {
            let members = decoder.members(of: object)
            lookup = Lookup(decoder: decoder, members: members, layout: decoder.layoutUse(for: Key.self, members: members))
        }

        var allKeys: [Key] {
            members.compactMap { (try? decoder.string(at: $0.key)).flatMap(Key.init(stringValue:)) }
        }

        private func find(_ key: Key) -> Int? {
            let name = key.stringValue
            if let known = lookup.layout.replay(name) { return known.map { members[$0].value } }
            let position = search(name)
            lookup.layout.teach(name, position)
            return position.map { members[$0].value }
        }

        /// The position of the member called `name`.
        private func search(_ name: String) -> Int? {
            let next = lookup.next
            if next < members.count, decoder.keyEquals(members[next].key, name),
               next + 1 == members.count || !decoder.keyEquals(members[next + 1].key, name) {
                lookup.next = next + 1
                return next
            }
            if members.count > 16 {
                if lookup.index == nil {
                    var index: [String: Int] = [:]
                    index.reserveCapacity(members.count)
                    for (position, member) in members.enumerated() { index[(try? decoder.string(at: member.key)) ?? ""] = position }
                    lookup.index = index
                }
                guard let position = lookup.index?[name] else { return nil }
                lookup.next = position + 1
                return position
            }
            // The last of equal keys wins (Foundation's JSONDecoder takes the first; no state file
            // written by flowcoach repeats a key).
            for position in members.indices.reversed() where decoder.keyEquals(members[position].key, name) {
                lookup.next = position + 1
                return position
            }
            return nil
        }

        private func value(_ key: Key) throws -> Int {
            guard let found = find(key) else {
                throw DecodingError.keyNotFound(key, DecodingError.Context(codingPath: [], debugDescription: "no value for \(key.stringValue)"))
            }
            return found
        }

        func contains(_ key: Key) -> Bool { find(key) != nil }
        func decodeNil(forKey key: Key) throws -> Bool { decoder.isNull(try value(key)) }
        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decoder.bool(at: value(key)) }
        func decode(_ type: String.Type, forKey key: Key) throws -> String { try decoder.string(at: value(key)) }
        func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try decoder.double(at: value(key)) }
        func decode(_ type: Float.Type, forKey key: Key) throws -> Float { Float(try decoder.double(at: value(key))) }
        func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decoder.integer(at: value(key)) }
        func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try exact(decoder.integer(at: value(key))) }
        func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try exact(decoder.integer(at: value(key))) }
        func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try exact(decoder.integer(at: value(key))) }
        func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try exact(decoder.integer(at: value(key))) }
        func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try exact(decoder.integer(at: value(key))) }
        func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try exact(decoder.integer(at: value(key))) }
        func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try exact(decoder.integer(at: value(key))) }
        func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try exact(decoder.integer(at: value(key))) }
        func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try exact(decoder.integer(at: value(key))) }
        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try decoder.decodeValue(T.self, at: value(key)) }

        func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
            guard let found = find(key), !decoder.isNull(found) else { return nil }
            return try decoder.decodeValue(T.self, at: found)
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            throw Malformed()
        }
        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { throw Malformed() }
        func superDecoder() throws -> any Decoder { throw Malformed() }
        func superDecoder(forKey key: Key) throws -> any Decoder { throw Malformed() }
    }

    struct Unkeyed: UnkeyedDecodingContainer {
        let decoder: FastJSONDecoder
        let end: Int
        var next: Int
        var currentIndex = 0
        let count: Int?
        var codingPath: [any CodingKey] { [] }

        init(decoder: FastJSONDecoder, array: Int) {
            self.decoder = decoder
            end = Int(decoder.nodes[array].end)
            next = array + 1
            count = Int(decoder.nodes[array].count)
        }

        var isAtEnd: Bool { next >= end }

        private mutating func advance() throws -> Int {
            guard next < end else { throw Malformed() }
            let index = next
            next = Int(decoder.nodes[index].end)
            currentIndex += 1
            return index
        }

        mutating func decodeNil() throws -> Bool {
            guard next < end else { throw Malformed() }
            if decoder.isNull(next) {
                _ = try advance()
                return true
            }
            return false
        }
        mutating func decode(_ type: Bool.Type) throws -> Bool { try decoder.bool(at: advance()) }
        mutating func decode(_ type: String.Type) throws -> String { try decoder.string(at: advance()) }
        mutating func decode(_ type: Double.Type) throws -> Double { try decoder.double(at: advance()) }
        mutating func decode(_ type: Float.Type) throws -> Float { Float(try decoder.double(at: advance())) }
        mutating func decode(_ type: Int.Type) throws -> Int { try decoder.integer(at: advance()) }
        mutating func decode(_ type: Int64.Type) throws -> Int64 { try exact(decoder.integer(at: advance())) }
        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decodeValue(T.self, at: advance()) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> { throw Malformed() }
        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { throw Malformed() }
        mutating func superDecoder() throws -> any Decoder { throw Malformed() }
    }

    struct Single: SingleValueDecodingContainer {
        let decoder: FastJSONDecoder
        let index: Int
        var codingPath: [any CodingKey] { [] }

        func decodeNil() -> Bool { decoder.isNull(index) }
        func decode(_ type: Bool.Type) throws -> Bool { try decoder.bool(at: index) }
        func decode(_ type: String.Type) throws -> String { try decoder.string(at: index) }
        func decode(_ type: Double.Type) throws -> Double { try decoder.double(at: index) }
        func decode(_ type: Float.Type) throws -> Float { Float(try decoder.double(at: index)) }
        func decode(_ type: Int.Type) throws -> Int { try decoder.integer(at: index) }
        func decode(_ type: Int8.Type) throws -> Int8 { try exact(decoder.integer(at: index)) }
        func decode(_ type: Int16.Type) throws -> Int16 { try exact(decoder.integer(at: index)) }
        func decode(_ type: Int32.Type) throws -> Int32 { try exact(decoder.integer(at: index)) }
        func decode(_ type: Int64.Type) throws -> Int64 { try exact(decoder.integer(at: index)) }
        func decode(_ type: UInt.Type) throws -> UInt { try exact(decoder.integer(at: index)) }
        func decode(_ type: UInt8.Type) throws -> UInt8 { try exact(decoder.integer(at: index)) }
        func decode(_ type: UInt16.Type) throws -> UInt16 { try exact(decoder.integer(at: index)) }
        func decode(_ type: UInt32.Type) throws -> UInt32 { try exact(decoder.integer(at: index)) }
        func decode(_ type: UInt64.Type) throws -> UInt64 { try exact(decoder.integer(at: index)) }
        func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decodeValue(T.self, at: index) }
    }
}

/// A collection by id (`[String: Entity]`), the shape of nearly all of the snapshot: decoded
/// straight from its members into a dictionary of the right size (`ParallelStateLoad` spreads
/// the collections over the cores).
protocol ByIDDecodable {
    static func decodeByID(_ decoder: FastJSONDecoder, at index: Int) throws -> Self
}

extension Dictionary: ByIDDecodable where Key == String, Value: Decodable {
    static func decodeByID(_ decoder: FastJSONDecoder, at index: Int) throws -> [String: Value] {
        guard decoder.nodes[index].kind == .object else { throw FastJSONDecoder.Malformed() }
        let members = decoder.members(of: index)
        var dictionary: [String: Value] = [:]
        dictionary.reserveCapacity(members.count)
        let outer = decoder.sharedKey
        defer { decoder.sharedKey = outer }
        for member in members {
            let key = try decoder.string(at: member.key)
            let node = decoder.nodes[member.key]
            decoder.sharedKey = node.escaped ? nil : (member.key, node.start, node.length, key)
            // The last of equal keys wins (as in the objects above).
            dictionary[key] = try decoder.decodeValue(Value.self, at: member.value)
        }
        return dictionary
    }
}

/// `value` as `T`, or `Malformed` when it does not fit.
private func exact<T: FixedWidthInteger>(_ value: Int) throws -> T {
    guard let exact = T(exactly: value) else { throw FastJSONDecoder.Malformed() }
    return exact
}
