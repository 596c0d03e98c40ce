import Foundation

/// A JSON decoder for the snapshot and the journal, reading what `FastJSONEncoder` and
/// `StateFormat.encoder` write (ISO 8601 dates in whole seconds) several times faster than
/// Foundation's `JSONDecoder`: one pass builds a flat list of the values (no boxed tree, no
/// dictionary per object), and containers read from it in place. Anything it does not expect
/// throws, and the caller decodes with `JSONDecoder`, whose errors say where and what.
///
/// One thread reads a decoder at a time (the snapshot's collections each get their own, see
/// `init(_:memberAt:)`).
package final class FastJSONDecoder: Decoder, @unchecked Sendable {
    package struct Malformed: Error {
        package init() {}
    }

    package enum Kind: UInt8 { case null, bool, number, string, array, object }

    /// One value: its kind and bytes; for a container, how many values it holds (`count`) and
    /// the index just past its last descendant (`end`), so a reader can skip it whole.
    package struct Node {
        package var kind: Kind
        package var start: Int32
        package var length: Int32
        package var count: Int32
        package var end: Int32
        package var escaped: Bool
    }

    package let bytes: [UInt8]
    // One thread reads a decoder at a time: the run-time
    // exclusivity checks would cost a few percent of a start-up.
    @exclusivity(unchecked) package private(set) var nodes: [Node] = []
    /// The last object type `decodeValue` was asked for, and whether it decodes by id.
    @exclusivity(unchecked) private var lastObjectType: ObjectIdentifier?
    @exclusivity(unchecked) private var lastByID: (any ByIDDecodable.Type)?
    /// What each `CodingKey` type's objects look like (`KeyLayout`), the last one asked for first.
    @exclusivity(unchecked) var layouts: [ObjectIdentifier: KeyLayout] = [:]
    @exclusivity(unchecked) var lastLayout: (type: ObjectIdentifier, layout: KeyLayout)?
    /// The key of the entity being decoded by id, whose storage an equal string shares.
    @exclusivity(unchecked) var sharedKey: (node: Int, start: Int32, length: Int32, string: String)?
    /// The value the next `container`/`singleValueContainer` call reads.
    @exclusivity(unchecked) fileprivate var current = 0
    package var codingPath: [any CodingKey] { [] }
    package var userInfo: [CodingUserInfoKey: Any] { [:] }

    package init(_ bytes: [UInt8]) throws {
        self.bytes = bytes
        nodes.reserveCapacity(bytes.count / 32)
        try bytes.withUnsafeBufferPointer { buffer in
            var position = 0
            try parse(buffer, &position)
            Self.skipSpace(buffer, &position)
            guard position == buffer.count else { throw Malformed() }
        }
    }

    /// Parses the member (`"key":value`) at `range` of `bytes` as an object of that one member
    /// (see `init(_:memberAt:)`).
    init(_ bytes: [UInt8], parsing range: Range<Int>) throws {
        self.bytes = bytes
        guard range.lowerBound >= 0, range.upperBound <= bytes.count, bytes.count < Int32.max else { throw Malformed() }
        nodes.reserveCapacity(range.count / 32)
        nodes.append(Node(kind: .object, start: Int32(range.lowerBound), length: Int32(range.count), count: 1, end: 0, escaped: false))
        try bytes.withUnsafeBufferPointer { whole in
            // Cut at the member's end, so nothing is read past it; positions stay those of `bytes`.
            let buffer = UnsafeBufferPointer(rebasing: whole[..<range.upperBound])
            var position = range.lowerBound
            try parseMember(buffer, &position)
            Self.skipSpace(buffer, &position)
            guard position == buffer.count else { throw Malformed() }
        }
        nodes[0].end = Int32(nodes.count)
    }

    package static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        let decoder = try FastJSONDecoder(bytes)
        return try decoder.decodeValue(T.self, at: 0)
    }

    // MARK: - Parsing

    static func skipSpace(_ buffer: UnsafeBufferPointer<UInt8>, _ position: inout Int) {
        while position < buffer.count, buffer[position] == 0x20 || buffer[position] == 0x0A || buffer[position] == 0x0D || buffer[position] == 0x09 {
            position += 1
        }
    }

    /// `"key":value`: the key's node, then the value's.
    private func parseMember(_ buffer: UnsafeBufferPointer<UInt8>, _ position: inout Int) throws {
        Self.skipSpace(buffer, &position)
        guard position < buffer.count, buffer[position] == UInt8(ascii: "\"") else { throw Malformed() }
        try parse(buffer, &position)
        Self.skipSpace(buffer, &position)
        guard position < buffer.count, buffer[position] == UInt8(ascii: ":") else { throw Malformed() }
        position += 1
        try parse(buffer, &position)
    }

    private func parse(_ buffer: UnsafeBufferPointer<UInt8>, _ position: inout Int) throws {
        Self.skipSpace(buffer, &position)
        guard position < buffer.count, nodes.count < Int32.max - 1, buffer.count < Int32.max else { throw Malformed() }
        let start = position
        switch buffer[position] {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let isObject = buffer[position] == UInt8(ascii: "{")
            let closing = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
            let index = nodes.count
            nodes.append(Node(kind: isObject ? .object : .array, start: Int32(start), length: 0, count: 0, end: 0, escaped: false))
            position += 1
            Self.skipSpace(buffer, &position)
            var count: Int32 = 0
            if position < buffer.count, buffer[position] == closing {
                position += 1
            } else {
                while true {
                    if isObject { try parseMember(buffer, &position) } else { try parse(buffer, &position) }
                    count += 1
                    Self.skipSpace(buffer, &position)
                    guard position < buffer.count else { throw Malformed() }
                    if buffer[position] == UInt8(ascii: ",") {
                        position += 1
                        continue
                    }
                    guard buffer[position] == closing else { throw Malformed() }
                    position += 1
                    break
                }
            }
            nodes[index].count = count
            nodes[index].length = Int32(position - start)
            nodes[index].end = Int32(nodes.count)
        case UInt8(ascii: "\""):
            position += 1
            var escaped = false
            while position < buffer.count, buffer[position] != UInt8(ascii: "\"") {
                if buffer[position] == UInt8(ascii: "\\") {
                    escaped = true
                    position += 1
                }
                position += 1
            }
            guard position < buffer.count else { throw Malformed() }
            position += 1
            // The content, without the quotes.
            nodes.append(Node(kind: .string, start: Int32(start + 1), length: Int32(position - start - 2), count: 0, end: Int32(nodes.count + 1), escaped: escaped))
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            let word: [UInt8] = buffer[position] == UInt8(ascii: "t") ? Array("true".utf8) : buffer[position] == UInt8(ascii: "f") ? Array("false".utf8) : Array("null".utf8)
            guard position + word.count <= buffer.count, buffer[position..<(position + word.count)].elementsEqual(word) else { throw Malformed() }
            position += word.count
            nodes.append(Node(kind: word.count == 4 && word[0] == UInt8(ascii: "n") ? .null : .bool, start: Int32(start), length: Int32(word.count), count: 0, end: Int32(nodes.count + 1), escaped: false))
        default:
            while position < buffer.count, Self.isNumberByte(buffer[position]) { position += 1 }
            guard position > start else { throw Malformed() }
            nodes.append(Node(kind: .number, start: Int32(start), length: Int32(position - start), count: 0, end: Int32(nodes.count + 1), escaped: false))
        }
    }

    static func isNumberByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
            || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
    }

    // MARK: - Reading values

    package func decodeValue<T: Decodable>(_ type: T.Type, at index: Int) throws -> T {
        if T.self == String.self { return try string(at: index) as! T }
        if T.self == Int.self { return try integer(at: index) as! T }
        if T.self == Bool.self { return try bool(at: index) as! T }
        if T.self == Double.self { return try double(at: index) as! T }
        if T.self == Date.self { return try date(at: index) as! T }
        if T.self == URL.self || T.self == Data.self || T.self == Decimal.self { throw Malformed() }
        if nodes[index].kind == .object {
            // Entities of one collection come one after another: ask the run time whether a type
            // is a collection by id once per run of it, not once per entity.
            let type = ObjectIdentifier(T.self)
            if type != lastObjectType {
                lastObjectType = type
                lastByID = T.self as? any ByIDDecodable.Type
            }
            if let byID = lastByID { return try byID.decodeByID(self, at: index) as! T }
        }
        let saved = current
        current = index
        defer { current = saved }
        return try T(from: self)
    }

    // MARK: - Decoder

    package func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard nodes[current].kind == .object else { throw Malformed() }
        return KeyedDecodingContainer(Keyed<Key>(decoder: self, object: current))
    }

    package func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard nodes[current].kind == .array else { throw Malformed() }
        return Unkeyed(decoder: self, array: current)
    }

    package func singleValueContainer() throws -> any SingleValueDecodingContainer {
        Single(decoder: self, index: current)
    }

    /// A keyed container for the object at `index`.
    package func keyedContainer<Key: CodingKey>(at index: Int, keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard nodes[index].kind == .object else { throw Malformed() }
        return KeyedDecodingContainer(Keyed<Key>(decoder: self, object: index))
    }

    /// The members of the object at `index`: each key's node and its value's node, in order.
    package func members(of index: Int) -> [(key: Int, value: Int)] {
        var result: [(key: Int, value: Int)] = []
        result.reserveCapacity(Int(nodes[index].count))
        var child = index + 1
        let end = Int(nodes[index].end)
        while child < end {
            let value = child + 1
            result.append((child, value))
            child = Int(nodes[value].end)
        }
        return result
    }

    /// Whether the string at `index` (unescaped) equals `key`.
    func keyEquals(_ index: Int, _ key: String) -> Bool {
        let node = nodes[index]
        if node.escaped { return (try? string(at: index)) == key }
        guard key.utf8.count == Int(node.length) else { return false }
        if let equal = key.utf8.withContiguousStorageIfAvailable({ utf8 in
            bytes.withUnsafeBufferPointer { buffer in
                utf8.isEmpty || memcmp(buffer.baseAddress! + Int(node.start), utf8.baseAddress!, utf8.count) == 0
            }
        }) {
            return equal
        }
        return bytes[Int(node.start)..<Int(node.start + node.length)].elementsEqual(key.utf8)
    }
}
