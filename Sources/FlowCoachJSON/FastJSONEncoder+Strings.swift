#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension FastJSONEncoder {
    /// How many bytes at the start of `utf8` need no escape, counted in steps of eight: a lower
    /// bound, the rest is checked byte by byte.
    static func cleanPrefixLength(_ utf8: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = utf8.baseAddress else { return 0 }
        let raw = UnsafeRawPointer(base)
        var offset = 0
        while offset + 8 <= utf8.count, !needsEscape(raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) {
            offset += 8
        }
        return offset
    }

    /// Whether any of the eight bytes in `word` is a control character, `"` or `\`: the classic
    /// "has a byte less than n" and "has a zero byte" tests, exact for these values.
    @inline(__always)
    static func needsEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let quote = word ^ (ones &* 0x22), backslash = word ^ (ones &* 0x5C)
        let control = (word &- ones &* 0x20) & ~word
        let quotes = (quote &- ones) & ~quote
        let backslashes = (backslash &- ones) & ~backslash
        return (control | quotes | backslashes) & highs != 0
    }

    /// The order in which `<` sorts `keys` (distinct, as a dictionary's), as positions: keys all
    /// in ASCII (ids) are compared as bytes, which orders them the same, first by the eight
    /// bytes after the prefix they all share, then, on a tie, by the rest.
    static func sortedOrder(of keys: [String]) -> [Int] {
        guard keys.count > 1 else { return Array(keys.indices) }
        var utf8: [UInt8] = []
        var bounds: [Int] = [0]
        utf8.reserveCapacity(keys.count * 24)
        bounds.reserveCapacity(keys.count + 1)
        var ascii = true
        for key in keys {
            var key = key
            key.withUTF8 { bytes in
                ascii = ascii && !bytes.contains { $0 >= 0x80 }
                utf8.append(contentsOf: bytes)
            }
            bounds.append(utf8.count)
        }
        guard ascii, !utf8.isEmpty else { return keys.indices.sorted { keys[$0] < keys[$1] } }
        return utf8.withUnsafeBufferPointer { utf8 in
            bounds.withUnsafeBufferPointer { bounds in
                let base = utf8.baseAddress!
                func length(_ key: Int) -> Int { bounds[key + 1] - bounds[key] }
                // The prefix every key shares, at most as long as the shortest.
                var shared = (0..<keys.count).map(length).min()!
                for key in 1..<keys.count where shared > 0 {
                    while shared > 0, memcmp(base, base + bounds[key], shared) != 0 { shared -= 1 }
                }
                // Eight bytes after it, big-endian, zero-padded: ordered as the bytes are.
                var entries: [(head: UInt64, key: Int)] = []
                entries.reserveCapacity(keys.count)
                for key in 0..<keys.count {
                    var head: UInt64 = 0
                    for offset in 0..<8 {
                        let index = bounds[key] + shared + offset
                        head = head << 8 | UInt64(index < bounds[key + 1] ? base[index] : 0)
                    }
                    entries.append((head, key))
                }
                entries.sort { a, b in
                    if a.head != b.head { return a.head < b.head }
                    let lengthA = length(a.key), lengthB = length(b.key)
                    let compared = memcmp(base + bounds[a.key], base + bounds[b.key], min(lengthA, lengthB))
                    return compared != 0 ? compared < 0 : lengthA < lengthB
                }
                return entries.map(\.key)
            }
        }
    }
}
