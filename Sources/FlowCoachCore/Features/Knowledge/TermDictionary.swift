import Foundation

/// Search terms interned once as small integer ids: each term's UTF-8 bytes live in one shared
/// buffer and an open-addressing table finds a term's id from its bytes without making a String.
/// Ids are dense (0, 1, 2, … in order of first use), so indexes keep per-term data in arrays.
struct TermDictionary: Sendable {
    /// A table entry. Terms shorter than 16 bytes are kept whole in `head` (zero-padded; terms
    /// never contain a zero byte), so finding one reads one entry and nothing else.
    private struct Slot: Sendable {
        /// The term's first 16 bytes, little-endian.
        var head: (UInt64, UInt64)
        /// 0 when empty; otherwise the term's hash (high half) and its id + 1 (low half).
        var meta: UInt64
    }

    /// Every term's bytes, one after another; term `i` is `bytes[starts[i]..<starts[i + 1]]`.
    private var bytes: [UInt8] = []
    private var starts: [UInt32] = [0]
    /// Open addressing, linear probing, never more than half full.
    private var slots = [Slot](repeating: Slot(head: (0, 0), meta: 0), count: 64)

    init() {}

    var count: Int { starts.count - 1 }

    /// The id of `term`, if it has been interned.
    func id(of term: UnsafeBufferPointer<UInt8>) -> UInt32? {
        let key = Key(term)
        let found = find(key, term)
        return slots[found].meta == 0 ? nil : UInt32(truncatingIfNeeded: slots[found].meta) - 1
    }

    /// The id of `term` as a String.
    func id(of term: String) -> UInt32? {
        var term = term
        return term.withUTF8 { id(of: $0) }
    }

    /// The id of `term`, interning it first if it is new.
    mutating func intern(_ term: UnsafeBufferPointer<UInt8>) -> UInt32 {
        let key = Key(term)
        var slot = find(key, term)
        if slots[slot].meta != 0 { return UInt32(truncatingIfNeeded: slots[slot].meta) - 1 }
        let id = UInt32(count)
        bytes.append(contentsOf: term)
        starts.append(UInt32(bytes.count))
        if (count + 1) * 2 > slots.count {
            grow()
            slot = find(key, term)
        }
        slots[slot] = Slot(head: key.head, meta: UInt64(key.hash) << 32 | UInt64(id + 1))
        return id
    }

    /// The text of term `id`.
    func term(_ id: UInt32) -> String {
        String(decoding: bytes[Int(starts[Int(id)])..<Int(starts[Int(id) + 1])], as: UTF8.self)
    }

    /// Calls `body` with the bytes of term `id`.
    func withBytes<R>(of id: UInt32, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let range = Int(starts[Int(id)])..<Int(starts[Int(id) + 1])
        return bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[range])) }
    }

    /// The slot holding `term`, or the empty slot where it would go.
    @inline(__always)
    private func find(_ key: Key, _ term: UnsafeBufferPointer<UInt8>) -> Int {
        slots.withUnsafeBufferPointer { slots in
            let mask = slots.count - 1
            var slot = Int(key.hash) & mask
            while true {
                let entry = slots[slot]
                if entry.meta == 0 { return slot }
                if UInt32(truncatingIfNeeded: entry.meta >> 32) == key.hash, entry.head == key.head,
                   term.count < 16 || matches(Int(UInt32(truncatingIfNeeded: entry.meta)) - 1, term) {
                    return slot
                }
                slot = (slot + 1) & mask
            }
        }
    }

    private func matches(_ id: Int, _ term: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = Int(starts[id])
        guard Int(starts[id + 1]) - start == term.count else { return false }
        guard let base = term.baseAddress, term.count > 0 else { return true }
        return bytes.withUnsafeBufferPointer { memcmp($0.baseAddress! + start, base, term.count) == 0 }
    }

    private mutating func grow() {
        var bigger = [Slot](repeating: Slot(head: (0, 0), meta: 0), count: slots.count * 2)
        let mask = bigger.count - 1
        for entry in slots where entry.meta != 0 {
            var slot = Int(entry.meta >> 32) & mask
            while bigger[slot].meta != 0 { slot = (slot + 1) & mask }
            bigger[slot] = entry
        }
        slots = bigger
    }

    /// A term's first 16 bytes and a 32-bit hash of all of it.
    private struct Key {
        var head: (UInt64, UInt64) = (0, 0)
        var hash: UInt32

        @inline(__always)
        init(_ term: UnsafeBufferPointer<UInt8>) {
            var first: UInt64 = 0
            var second: UInt64 = 0
            var h: UInt64 = 0xCBF2_9CE4_8422_2325 ^ UInt64(term.count)
            for (offset, byte) in term.enumerated() {
                if offset < 8 {
                    first |= UInt64(byte) << (UInt64(offset) * 8)
                } else if offset < 16 {
                    second |= UInt64(byte) << (UInt64(offset - 8) * 8)
                } else {
                    h = (h ^ UInt64(byte)) &* 0x100_0000_01B3
                }
            }
            h = (h ^ first) &* 0x9E37_79B9_7F4A_7C15
            h = (h ^ (h >> 29) ^ second) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 32
            head = (first, second)
            hash = UInt32(truncatingIfNeeded: h)
        }
    }
}
