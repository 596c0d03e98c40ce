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
            skipSpace(buffer, &position)
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
            skipSpace(buffer, &position)
            guard position < buffer.count, buffer[position] == UInt8(ascii: "\"") else { throw Malformed() }
            try parse(buffer, &position)
            skipSpace(buffer, &position)
            guard position < buffer.count, buffer[position] == UInt8(ascii: ":") else { throw Malformed() }
            position += 1
            try parse(buffer, &position)
            skipSpace(buffer, &position)
            guard position == buffer.count else { throw Malformed() }
        }
        nodes[0].end = Int32(nodes.count)
    }

    package static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        let decoder = try FastJSONDecoder(bytes)
        return try decoder.decodeValue(T.self, at: 0)
    }

    // MARK: - Parsing

    private func skipSpace(_ buffer: UnsafeBufferPointer<UInt8>, _ position: inout Int) {
        while position < buffer.count, buffer[position] == 0x20 || buffer[position] == 0x0A || buffer[position] == 0x0D || buffer[position] == 0x09 {
            position += 1
        }
    }

    private func parse(_ buffer: UnsafeBufferPointer<UInt8>, _ position: inout Int) throws {
        skipSpace(buffer, &position)
        guard position < buffer.count, nodes.count < Int32.max - 1, buffer.count < Int32.max else { throw Malformed() }
        let start = position
        switch buffer[position] {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let isObject = buffer[position] == UInt8(ascii: "{")
            let closing = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
            let index = nodes.count
            nodes.append(Node(kind: isObject ? .object : .array, start: Int32(start), length: 0, count: 0, end: 0, escaped: false))
            position += 1
            skipSpace(buffer, &position)
            var count: Int32 = 0
            if position < buffer.count, buffer[position] == closing {
                position += 1
            } else {
                while true {
                    if isObject {
                        skipSpace(buffer, &position)
                        guard position < buffer.count, buffer[position] == UInt8(ascii: "\"") else { throw Malformed() }
                        try parse(buffer, &position)
                        skipSpace(buffer, &position)
                        guard position < buffer.count, buffer[position] == UInt8(ascii: ":") else { throw Malformed() }
                        position += 1
                    }
                    try parse(buffer, &position)
                    count += 1
                    skipSpace(buffer, &position)
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

    package func isNull(_ index: Int) -> Bool { nodes[index].kind == .null }

    package func string(at index: Int) throws -> String {
        let node = nodes[index]
        guard node.kind == .string else { throw Malformed() }
        let range = Int(node.start)..<Int(node.start + node.length)
        if !node.escaped {
            return bytes.withUnsafeBufferPointer { buffer in
                // An entity's id is the key it is kept under: share the key's storage (ids longer
                // than 15 bytes each take a heap block, and there is one per entity).
                if let key = sharedKey, key.length == node.length, key.node != index, key.length > 15,
                    memcmp(buffer.baseAddress! + Int(key.start), buffer.baseAddress! + Int(node.start), Int(node.length)) == 0
                {
                    return key.string
                }
                return String(decoding: UnsafeBufferPointer(rebasing: buffer[range]), as: UTF8.self)
            }
        }
        return try unescape(bytes[range])
    }

    private func unescape(_ raw: ArraySlice<UInt8>) throws -> String {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var index = raw.startIndex
        func hex(_ at: Int) throws -> UInt32 {
            guard at + 4 <= raw.endIndex else { throw Malformed() }
            var value: UInt32 = 0
            for byte in raw[at..<(at + 4)] {
                value <<= 4
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): value |= UInt32(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): value |= UInt32(byte - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): value |= UInt32(byte - UInt8(ascii: "A") + 10)
                default: throw Malformed()
                }
            }
            return value
        }
        while index < raw.endIndex {
            let byte = raw[index]
            guard byte == UInt8(ascii: "\\") else {
                out.append(byte)
                index += 1
                continue
            }
            guard index + 1 < raw.endIndex else { throw Malformed() }
            let escape = raw[index + 1]
            index += 2
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "u"):
                var scalar = try hex(index)
                index += 4
                if scalar >= 0xD800, scalar < 0xDC00 {
                    // A surrogate pair: the low half must follow.
                    guard index + 6 <= raw.endIndex, raw[index] == UInt8(ascii: "\\"), raw[index + 1] == UInt8(ascii: "u") else { throw Malformed() }
                    let low = try hex(index + 2)
                    guard low >= 0xDC00, low < 0xE000 else { throw Malformed() }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    index += 6
                }
                guard let unicode = Unicode.Scalar(scalar) else { throw Malformed() }
                out.append(contentsOf: Array(String(Character(unicode)).utf8))
            default:
                throw Malformed()
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private func numberText(at index: Int) throws -> ArraySlice<UInt8> {
        let node = nodes[index]
        guard node.kind == .number else { throw Malformed() }
        return bytes[Int(node.start)..<Int(node.start + node.length)]
    }

    func integer(at index: Int) throws -> Int {
        let text = try numberText(at: index)
        var value = 0
        var negative = false
        var digits = 0
        for byte in text {
            if byte == UInt8(ascii: "-"), digits == 0, !negative {
                negative = true
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), digits < 18 else {
                // `2.0`, `1e3` or a very long number: the standard parser, then it must be whole.
                guard let double = Double(String(decoding: text, as: UTF8.self)), double == double.rounded(), abs(double) < 9e18 else { throw Malformed() }
                return Int(double)
            }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
            digits += 1
        }
        guard digits > 0 else { throw Malformed() }
        return negative ? -value : value
    }

    func double(at index: Int) throws -> Double {
        let text = try numberText(at: index)
        if text.count < 16, !text.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
            return Double(try integer(at: index))
        }
        guard let value = Double(String(decoding: text, as: UTF8.self)) else { throw Malformed() }
        return value
    }

    func bool(at index: Int) throws -> Bool {
        let node = nodes[index]
        guard node.kind == .bool else { throw Malformed() }
        return bytes[Int(node.start)] == UInt8(ascii: "t")
    }

    /// `2026-11-18T11:06:40Z` exactly (what the `.iso8601` strategy writes); anything else throws.
    func date(at index: Int) throws -> Date {
        let node = nodes[index]
        guard node.kind == .string, node.length == 20, !node.escaped else { throw Malformed() }
        let s = Int(node.start)
        func digits(_ from: Int, _ count: Int) throws -> Int64 {
            var value: Int64 = 0
            for offset in 0..<count {
                let byte = bytes[s + from + offset]
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { throw Malformed() }
                value = value * 10 + Int64(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard bytes[s + 4] == UInt8(ascii: "-"), bytes[s + 7] == UInt8(ascii: "-"), bytes[s + 10] == UInt8(ascii: "T"),
              bytes[s + 13] == UInt8(ascii: ":"), bytes[s + 16] == UInt8(ascii: ":"), bytes[s + 19] == UInt8(ascii: "Z") else { throw Malformed() }
        let year = try digits(0, 4), month = try digits(5, 2), day = try digits(8, 2)
        let hour = try digits(11, 2), minute = try digits(14, 2), second = try digits(17, 2)
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 60 else { throw Malformed() }
        // A civil date to days since 1970-01-01 (H. Hinnant's algorithm).
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        return Date(timeIntervalSince1970: Double(days * 86_400 + hour * 3600 + minute * 60 + second))
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
