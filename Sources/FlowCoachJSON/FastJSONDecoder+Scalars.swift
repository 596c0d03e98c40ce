import Foundation

// The values `FastJSONDecoder` reads from its parse: strings (unescaped only when they hold an
// escape), numbers, booleans, and dates as the `.iso8601` strategy writes them.

extension FastJSONDecoder {
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
}
