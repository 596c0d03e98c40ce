import Foundation

// Reading one member of a large object on its own: the snapshot's collections are found by a
// skim of its bytes (strings jumped over with `memchr`, containers by depth, nothing recorded),
// then each is parsed on the thread that decodes it, instead of one parse of the whole file
// before anything else can start.

extension FastJSONDecoder {
    /// A reader of one member (`"key":value`, at `range` of `bytes`): its parse is an object that
    /// holds just that member, so a keyed container reads it as it would in the whole object.
    package convenience init(_ bytes: [UInt8], memberAt range: Range<Int>) throws {
        try self.init(bytes, parsing: range)
    }

    /// The members of the object that starts at `start` (its `{`): each one's bytes from the
    /// key's opening quote to the end of its value, with the key. Checks only the shape it walks
    /// (quotes, colons, commas, balanced brackets); a member's parse checks the rest.
    package static func members(in bytes: [UInt8], objectAt start: Int) throws -> [(key: String, range: Range<Int>)] {
        try bytes.withUnsafeBufferPointer { buffer in
            var position = start
            guard position < buffer.count, buffer[position] == UInt8(ascii: "{") else { throw Malformed() }
            position += 1
            var members: [(key: String, range: Range<Int>)] = []
            skipSpace(buffer, &position)
            if position < buffer.count, buffer[position] == UInt8(ascii: "}") { return members }
            while true {
                skipSpace(buffer, &position)
                let memberStart = position
                guard position < buffer.count, buffer[position] == UInt8(ascii: "\"") else { throw Malformed() }
                try skipString(buffer, &position)
                let key = String(decoding: UnsafeBufferPointer(rebasing: buffer[(memberStart + 1)..<(position - 1)]), as: UTF8.self)
                skipSpace(buffer, &position)
                guard position < buffer.count, buffer[position] == UInt8(ascii: ":") else { throw Malformed() }
                position += 1
                try skipValue(buffer, &position)
                members.append((key, memberStart..<position))
                skipSpace(buffer, &position)
                guard position < buffer.count else { throw Malformed() }
                if buffer[position] == UInt8(ascii: ",") {
                    position += 1
                    continue
                }
                guard buffer[position] == UInt8(ascii: "}") else { throw Malformed() }
                return members
            }
        }
    }

    /// Where the value of the member at `range` starts.
    package static func valueStart(in bytes: [UInt8], member range: Range<Int>) throws -> Int {
        try bytes.withUnsafeBufferPointer { buffer in
            var position = range.lowerBound
            try skipString(buffer, &position)
            skipSpace(buffer, &position)
            guard position < range.upperBound, buffer[position] == UInt8(ascii: ":") else { throw Malformed() }
            position += 1
            skipSpace(buffer, &position)
            guard position < range.upperBound else { throw Malformed() }
            return position
        }
    }

    /// Past the string whose opening quote is at `position`.
    private static func skipString(_ buffer: UnsafeBufferPointer<UInt8>, _ position: inout Int) throws {
        guard position < buffer.count, buffer[position] == UInt8(ascii: "\""), let base = buffer.baseAddress else { throw Malformed() }
        var from = position + 1
        while true {
            guard from < buffer.count, let found = memchr(base + from, Int32(UInt8(ascii: "\"")), buffer.count - from) else { throw Malformed() }
            let quote = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            var backslashes = 0
            while quote - backslashes - 1 > position, buffer[quote - backslashes - 1] == UInt8(ascii: "\\") { backslashes += 1 }
            from = quote + 1
            if backslashes % 2 == 0 {
                position = from
                return
            }
        }
    }

    /// Past one value: a string, a container (by depth, its strings jumped over), a literal or number.
    private static func skipValue(_ buffer: UnsafeBufferPointer<UInt8>, _ position: inout Int) throws {
        skipSpace(buffer, &position)
        guard position < buffer.count else { throw Malformed() }
        switch buffer[position] {
        case UInt8(ascii: "\""):
            try skipString(buffer, &position)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            while position < buffer.count {
                switch buffer.baseAddress.unsafelyUnwrapped[position] {
                case UInt8(ascii: "\""):
                    try skipString(buffer, &position)
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 {
                        position += 1
                        return
                    }
                default:
                    break
                }
                position += 1
            }
            throw Malformed()
        default:
            let start = position
            while position < buffer.count, isNumberByte(buffer[position]) || (buffer[position] >= UInt8(ascii: "a") && buffer[position] <= UInt8(ascii: "z")) {
                position += 1
            }
            guard position > start else { throw Malformed() }
        }
    }
}
