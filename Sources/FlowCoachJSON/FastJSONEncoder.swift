import Foundation

/// A JSON encoder for the journal and the snapshot that writes the same JSON as
/// `StateFormat.encoder(sorted: true)` (keys sorted, slashes unescaped, ISO 8601 dates in whole
/// seconds) straight into a byte array, several times faster than Foundation's `JSONEncoder`,
/// which builds a tree of boxed values first. It streams each value as it comes and sorts an
/// object's members once the object is complete (in the order last seen for the same keys, see
/// `KeyOrders`), and writes a dictionary near the top (a collection) in key order straight away.
/// What it does not handle (nested containers, dates outside years 1–9999) throws `Unsupported`,
/// and the caller encodes with `JSONEncoder`. `encodeInParts` encodes a value's big members on
/// several threads.
package final class FastJSONEncoder: Encoder {
    package struct Unsupported: Error {}

    enum Kind { case none, keyed, unkeyed, single }

    struct Frame {
        var kind: Kind = .none
        var start: Int
        var count = 0
        /// Where this frame's members begin in `members`.
        var firstMember: Int
        /// The coding-key type of a keyed container: objects of one type share their key order.
        var keyType: ObjectIdentifier? = nil
    }

    // Only this encoder touches its storage, one call at a time: the run-time exclusivity checks
    // would cost a fifth of the encoding.
    @exclusivity(unchecked) var bytes: [UInt8] = []
    @exclusivity(unchecked) var frames: [Frame] = []
    /// The members of the keyed containers open, innermost last: the key and where its value's
    /// bytes lie in `bytes`.
    @exclusivity(unchecked) private var members: [(key: String, start: Int, end: Int)] = []
    @exclusivity(unchecked) private var scratch: [UInt8] = []
    @exclusivity(unchecked) private var keyOrders = KeyOrders()
    /// Members of keyed containers up to this depth go through `encodeMember` (a snapshot's
    /// collections are at 1); deeper ones, the entities' fields, are written directly.
    var shallowDepth = 1
    /// Where members are handed to other threads (`encodeInParts`): at this container depth.
    var parts: (depth: Int, runner: PartRunner)?
    package var codingPath: [any CodingKey] { [] }
    package var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// The JSON of `value`, or `Unsupported`.
    package static func encode<T: Encodable>(_ value: T, reserving capacity: Int = 256) throws -> [UInt8] {
        let encoder = FastJSONEncoder()
        encoder.bytes.reserveCapacity(capacity)
        try encoder.encodeValue(value)
        return encoder.bytes
    }

    func encodeValue<T: Encodable>(_ value: T) throws {
        if T.self == String.self { return writeString(value as! String) }
        if T.self == Int.self { return writeInteger(Int64(value as! Int)) }
        if T.self == Bool.self { return write(value as! Bool ? "true" : "false") }
        if T.self == Double.self { return try writeDouble(value as! Double) }
        if T.self == Date.self { return try writeDate(value as! Date) }
        if T.self == URL.self || T.self == Data.self || T.self == Decimal.self { throw Unsupported() }
        frames.append(Frame(start: bytes.count, firstMember: members.count))
        try value.encode(to: self)
        let frame = frames.removeLast()
        switch frame.kind {
        case .none: write("{}")
        case .keyed: closeObject(frame)
        case .unkeyed: bytes.append(UInt8(ascii: "]"))
        case .single: if bytes.count == frame.start { write("null") }
        }
    }

    // MARK: - Encoder

    package func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let depth = frames.count - 1
        if frames[depth].kind == .none {
            frames[depth].kind = .keyed
            frames[depth].keyType = ObjectIdentifier(Key.self)
        }
        return KeyedEncodingContainer(Keyed<Key>(encoder: self, depth: depth, valid: frames[depth].kind == .keyed))
    }

    package func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let depth = frames.count - 1
        if frames[depth].kind == .none {
            frames[depth].kind = .unkeyed
            bytes.append(UInt8(ascii: "["))
        }
        return Unkeyed(encoder: self, depth: depth, valid: frames[depth].kind == .unkeyed)
    }

    package func singleValueContainer() -> any SingleValueEncodingContainer {
        let depth = frames.count - 1
        if frames[depth].kind == .none { frames[depth].kind = .single }
        return Single(encoder: self, valid: frames[depth].kind == .single)
    }

    // MARK: - Writing

    /// Rewrites an object's region: `{"key":value,...}` with the members in key order (see `KeyOrder`).
    private func closeObject(_ frame: Frame) {
        let first = frame.firstMember, count = members.count - first
        let order = keyOrders.order(frame.keyType, members[first...])
        scratch.removeAll(keepingCapacity: true)
        bytes.withUnsafeBufferPointer { scratch.append(contentsOf: UnsafeBufferPointer(rebasing: $0[frame.start...])) }
        bytes.removeLast(bytes.count - frame.start)
        bytes.append(UInt8(ascii: "{"))
        scratch.withUnsafeBufferPointer { values in
            order.rendered.withUnsafeBufferPointer { rendered in
                var keyStart = 0
                for (index, position) in order.positions.enumerated() {
                    let keyEnd = order.renderedEnds[index]
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: rendered[keyStart..<keyEnd]))
                    keyStart = keyEnd
                    let start = members[first + position].start - frame.start, end = members[first + position].end - frame.start
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: values[start..<end]))
                }
            }
        }
        bytes.append(UInt8(ascii: "}"))
        members.removeLast(count)
    }

    fileprivate func beginMember(depth: Int) -> Int { bytes.count }

    fileprivate func endMember(depth: Int, key: String, start: Int) {
        members.append((key, start, bytes.count))
    }

    fileprivate func beginElement(depth: Int) {
        if frames[depth].count > 0 { bytes.append(UInt8(ascii: ",")) }
        frames[depth].count += 1
    }

    func write(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    func writeString(_ string: String) {
        Self.appendString(string, to: &bytes)
    }

    /// Appends `string` in quotes, escaped as `JSONEncoder` escapes it (slashes left alone).
    static func appendString(_ string: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { utf8 in
            // Most strings need no escape: that is found eight bytes at a time, and they are copied whole.
            var runStart = 0
            for index in cleanPrefixLength(utf8)..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                runStart = index + 1
                appendEscape(byte, to: &bytes)
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static func appendEscape(_ byte: UInt8, to bytes: inout [UInt8]) {
        func append(_ text: StaticString) { text.withUTF8Buffer { bytes.append(contentsOf: $0) } }
        switch byte {
        case UInt8(ascii: "\""): append("\\\"")
        case UInt8(ascii: "\\"): append("\\\\")
        case 0x0A: append("\\n")
        case 0x0D: append("\\r")
        case 0x09: append("\\t")
        case 0x08: append("\\b")
        case 0x0C: append("\\f")
        default:
            append("\\u00")
            let hex: StaticString = "0123456789abcdef"
            bytes.append(hex.utf8Start[Int(byte >> 4)])
            bytes.append(hex.utf8Start[Int(byte & 0xF)])
        }
    }

    func writeNull() { write("null") }
}

extension FastJSONEncoder {
    fileprivate struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let encoder: FastJSONEncoder
        let depth: Int
        let valid: Bool
        var codingPath: [any CodingKey] { [] }

        private func member(_ key: Key, _ body: () throws -> Void) throws {
            guard valid else { throw Unsupported() }
            let start = encoder.beginMember(depth: depth)
            try body()
            encoder.endMember(depth: depth, key: key.stringValue, start: start)
        }

        mutating func encodeNil(forKey key: Key) throws { try member(key) { encoder.writeNull() } }
        mutating func encode(_ value: Bool, forKey key: Key) throws { try member(key) { try encoder.encodeValue(value) } }
        // The commonest members, without a closure.
        mutating func encode(_ value: String, forKey key: Key) throws {
            guard valid else { throw Unsupported() }
            let start = encoder.bytes.count
            if depth > encoder.shallowDepth { encoder.writeString(value) } else { try encoder.encodeMember(value, depth: depth) }
            encoder.endMember(depth: depth, key: key.stringValue, start: start)
        }
        mutating func encode(_ value: Double, forKey key: Key) throws { try member(key) { try encoder.writeDouble(value) } }
        mutating func encode(_ value: Float, forKey key: Key) throws { try member(key) { try encoder.writeFloat(value) } }
        mutating func encode(_ value: Int, forKey key: Key) throws { try member(key) { encoder.writeInteger(value) } }
        mutating func encode(_ value: Int8, forKey key: Key) throws { try member(key) { encoder.writeInteger(value) } }
        mutating func encode(_ value: Int16, forKey key: Key) throws { try member(key) { encoder.writeInteger(value) } }
        mutating func encode(_ value: Int32, forKey key: Key) throws { try member(key) { encoder.writeInteger(value) } }
        mutating func encode(_ value: Int64, forKey key: Key) throws { try member(key) { encoder.writeInteger(value) } }
        mutating func encode(_ value: UInt, forKey key: Key) throws { try member(key) { encoder.writeInteger(value) } }
        mutating func encode(_ value: UInt8, forKey key: Key) throws { try member(key) { encoder.writeInteger(value) } }
        mutating func encode(_ value: UInt16, forKey key: Key) throws { try member(key) { encoder.writeInteger(value) } }
        mutating func encode(_ value: UInt32, forKey key: Key) throws { try member(key) { encoder.writeInteger(value) } }
        mutating func encode(_ value: UInt64, forKey key: Key) throws { try member(key) { encoder.writeInteger(value) } }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            guard valid else { throw Unsupported() }
            let start = encoder.bytes.count
            if depth > encoder.shallowDepth { try encoder.encodeValue(value) } else { try encoder.encodeMember(value, depth: depth) }
            encoder.endMember(depth: depth, key: key.stringValue, start: start)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            KeyedEncodingContainer(Keyed<NestedKey>(encoder: encoder, depth: depth, valid: false))
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            Unkeyed(encoder: encoder, depth: depth, valid: false)
        }
        mutating func superEncoder() -> any Encoder { encoder }
        mutating func superEncoder(forKey key: Key) -> any Encoder { encoder }
    }

    fileprivate struct Unkeyed: UnkeyedEncodingContainer {
        let encoder: FastJSONEncoder
        let depth: Int
        let valid: Bool
        var codingPath: [any CodingKey] { [] }
        var count: Int { encoder.frames[depth].count }

        private func element(_ body: () throws -> Void) throws {
            guard valid else { throw Unsupported() }
            encoder.beginElement(depth: depth)
            try body()
        }

        mutating func encodeNil() throws { try element { encoder.writeNull() } }
        mutating func encode(_ value: Bool) throws { try element { try encoder.encodeValue(value) } }
        mutating func encode(_ value: String) throws { try element { encoder.writeString(value) } }
        mutating func encode(_ value: Double) throws { try element { try encoder.writeDouble(value) } }
        mutating func encode(_ value: Float) throws { try element { try encoder.writeFloat(value) } }
        mutating func encode(_ value: Int) throws { try element { encoder.writeInteger(value) } }
        mutating func encode(_ value: Int64) throws { try element { encoder.writeInteger(value) } }
        mutating func encode(_ value: UInt64) throws { try element { encoder.writeInteger(value) } }
        mutating func encode<T: Encodable>(_ value: T) throws { try element { try encoder.encodeValue(value) } }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            KeyedEncodingContainer(Keyed<NestedKey>(encoder: encoder, depth: depth, valid: false))
        }
        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { Unkeyed(encoder: encoder, depth: depth, valid: false) }
        mutating func superEncoder() -> any Encoder { encoder }
    }

    fileprivate struct Single: SingleValueEncodingContainer {
        let encoder: FastJSONEncoder
        let valid: Bool
        var codingPath: [any CodingKey] { [] }

        private func value(_ body: () throws -> Void) throws {
            guard valid else { throw Unsupported() }
            try body()
        }

        mutating func encodeNil() throws { try value { encoder.writeNull() } }
        mutating func encode(_ value: Bool) throws { try self.value { try encoder.encodeValue(value) } }
        mutating func encode(_ value: String) throws { try self.value { encoder.writeString(value) } }
        mutating func encode(_ value: Double) throws { try self.value { try encoder.writeDouble(value) } }
        mutating func encode(_ value: Float) throws { try self.value { try encoder.writeFloat(value) } }
        mutating func encode(_ value: Int) throws { try self.value { encoder.writeInteger(value) } }
        mutating func encode(_ value: Int8) throws { try self.value { encoder.writeInteger(value) } }
        mutating func encode(_ value: Int16) throws { try self.value { encoder.writeInteger(value) } }
        mutating func encode(_ value: Int32) throws { try self.value { encoder.writeInteger(value) } }
        mutating func encode(_ value: Int64) throws { try self.value { encoder.writeInteger(value) } }
        mutating func encode(_ value: UInt) throws { try self.value { encoder.writeInteger(value) } }
        mutating func encode(_ value: UInt8) throws { try self.value { encoder.writeInteger(value) } }
        mutating func encode(_ value: UInt16) throws { try self.value { encoder.writeInteger(value) } }
        mutating func encode(_ value: UInt32) throws { try self.value { encoder.writeInteger(value) } }
        mutating func encode(_ value: UInt64) throws { try self.value { encoder.writeInteger(value) } }
        mutating func encode<T: Encodable>(_ value: T) throws { try self.value { try encoder.encodeValue(value) } }
    }
}
