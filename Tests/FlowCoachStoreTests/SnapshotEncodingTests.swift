@testable import FlowCoachJSON
@testable import FlowCoachStore
import FlowCoachCore
import Foundation
import Testing

/// The snapshot's fast paths write byte for byte what the plain keyed-container path writes:
/// collections encoded in parts on several threads, dictionaries written in key order, key
/// orders reused per type, clean strings copied whole; and a large file written around the page
/// cache reads back whole.
@Suite struct SnapshotEncodingTests {
    /// Every collection filled, with escapes, non-ASCII ids and optional fields present and absent.
    static func fullState() -> State {
        var random = SystemRandomNumberGenerator()
        var state = FastJSONEncoderTests.richState()
        for seed in 0..<4 { state.apply(CollectionRegistryTests.changes(seed: seed, random: &random)) }
        state.apply(.put(UserRecord(id: "@é:x", displayName: "É", firstSeen: StoreFixture.now, lastSeen: StoreFixture.now)))
        state.apply(.put(UserRecord(id: "@e:x", displayName: "E \u{7f} \u{1f}", firstSeen: StoreFixture.now, lastSeen: StoreFixture.now)))
        state.apply(.put(UserRecord(id: "@Z:x", displayName: "Z", firstSeen: StoreFixture.now, lastSeen: StoreFixture.now)))
        return state
    }

    /// What the encoder writes with every member going through keyed containers (sorted at the end).
    static func plain<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = FastJSONEncoder()
        encoder.shallowDepth = -1
        try encoder.encodeValue(value)
        return encoder.bytes
    }

    @Test(arguments: [0, 1, 3])
    func partsWriteWhatOneThreadWrites(helpers: Int) throws {
        let snapshot = Snapshot(seq: 9, at: StoreFixture.now, state: Self.fullState())
        let parts = try FastJSONEncoder.encodeInParts(snapshot, splittingAt: 1, helpers: helpers)
        #expect(parts.pieces.count > 3, "the collections are pieces of their own")
        let joined = Array(parts.pieces.joined())
        #expect(joined == (try Self.plain(snapshot)))
        #expect(joined == (try FastJSONEncoder.encode(snapshot)))
        #expect(joined == (try snapshot.encoded()))
        // Dates are written in whole seconds: the state read back is the one JSONEncoder's bytes give.
        let decoded = try StateFormat.decoder().decode(Snapshot.self, from: Data(joined))
        let viaFoundation = try StateFormat.decoder().decode(Snapshot.self, from: try StateFormat.encoder(sorted: true).encode(snapshot))
        #expect(decoded.state == viaFoundation.state && decoded.seq == 9)
    }

    @Test func sameBytesAsJSONEncoder() throws {
        let snapshot = Snapshot(seq: 9, at: StoreFixture.now, state: Self.fullState())
        let foundation = try StateFormat.encoder(sorted: true).encode(snapshot)
        #expect(try snapshot.encoded() == [UInt8](foundation))
    }

    @Test func dictionariesInKeyOrderAsJSONEncoderSortsThem() throws {
        struct Wrapper: Encodable { var table: [String: Int] }
        let ascii = ["b", "a", "Z", "z", "ab", "a\"b", "", "q10", "q9", "@person10:x", "@person1:x", "@person100:x"]
        let table = Dictionary(uniqueKeysWithValues: ascii.enumerated().map { ($1, $0) })
        #expect(try FastJSONEncoder.encode(Wrapper(table: table)) == [UInt8](try StateFormat.encoder(sorted: true).encode(Wrapper(table: table))))
        // Beyond ASCII the order is `String`'s, as the keyed-container path has always sorted.
        let mixed = Dictionary(uniqueKeysWithValues: (ascii + ["ä", "é", "e\u{301}x"]).enumerated().map { ($1, $0) })
        #expect(try FastJSONEncoder.encode(Wrapper(table: mixed)) == (try Self.plain(Wrapper(table: mixed))))
        let ids = (0..<500).map { "@person\($0 * 7919 % 1000):example.org" }
        let order = FastJSONEncoder.sortedOrder(of: ids)
        #expect(order.map { ids[$0] } == ids.sorted())
    }

    @Test func keyOrdersFollowTheKeysGiven() throws {
        // One type whose keys vary (an optional field absent or present) and one with equal keys.
        struct Varying: Encodable {
            var b: Int, a: String?, c: Int
        }
        struct Repeated: Encodable {
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CollectionKey.self)
                try container.encode(1, forKey: CollectionKey(stringValue: "y"))
                try container.encode(2, forKey: CollectionKey(stringValue: "x"))
                try container.encode(3, forKey: CollectionKey(stringValue: "y"))
            }
        }
        let values = [Varying(b: 1, a: nil, c: 2), Varying(b: 3, a: "x", c: 4), Varying(b: 5, a: nil, c: 6), Varying(b: 7, a: "y", c: 8)]
        let text = String(decoding: try FastJSONEncoder.encode(values), as: UTF8.self)
        #expect(text == #"[{"b":1,"c":2},{"a":"x","b":3,"c":4},{"b":5,"c":6},{"a":"y","b":7,"c":8}]"#)
        let repeated = String(decoding: try FastJSONEncoder.encode([Repeated(), Repeated()]), as: UTF8.self)
        #expect(repeated == #"[{"x":2,"y":3},{"x":2,"y":3}]"#)
    }

    @Test func everyByteThatNeedsAnEscapeIsFoundInAWord() throws {
        for byte in 0...255 {
            let expected = byte < 0x20 || byte == 0x22 || byte == 0x5C
            for position in 0..<8 {
                for filler: UInt64 in [0x41, 0x7F, 0xC3, 0x21, 0x5D] {
                    var word: UInt64 = 0
                    for index in 0..<8 { word |= (index == position ? UInt64(byte) : filler) << (8 * index) }
                    #expect(FastJSONEncoder.needsEscape(word) == expected, "byte \(byte) at \(position)")
                }
            }
        }
        for text in ["", "plain", "exactly8", "sixteen bytes!!!", "tail needs \"", "a\u{0}b", "\u{1F389} long enough text \\ here", "é\n"] {
            let foundation = try? JSONEncoder().encode([text])
            #expect(try FastJSONEncoder.encode([text]) == [UInt8](foundation ?? Data()), "\(text)")
        }
    }

    @Test func anUnsupportedValueInAPartFallsBackToJSONEncoder() throws {
        var state = Self.fullState()
        var profile = Profile(id: "@far:x", role: "r", shown: [], lastShown: nil)
        profile.snoozedUntil = Date(timeIntervalSince1970: 4e11)  // past year 9999
        state.apply(.put(profile))
        let snapshot = Snapshot(seq: 1, at: StoreFixture.now, state: state)
        #expect(throws: FastJSONEncoder.Unsupported.self) { try FastJSONEncoder.encodeInParts(snapshot, splittingAt: 1, helpers: 1) }
        let bytes = try snapshot.encoded()
        #expect(bytes == [UInt8](try StateFormat.encoder(sorted: true).encode(snapshot)))
    }

    @Test(arguments: [0, 1, 4095, 4096, (4 << 20) - 1, 4 << 20, (9 << 20) + 17])
    func piecesWrittenToAFileReadBackWhole(size: Int) throws {
        let dir = StoreFixture.directory()
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 12) }
        let cut = size / 3
        let pieces = [Array(bytes[..<cut]), [], Array(bytes[cut...])]
        let path = dir + "/file"
        try PosixFile.write(path, [Array(repeating: 7, count: size + 5000)])  // replaced, never appended to
        try PosixFile.write(path, pieces)
        #expect(try PosixFile.read(path) == bytes)
        try PosixFile.replace(dir + "/replaced", with: pieces)
        #expect(try PosixFile.read(dir + "/replaced") == bytes)
    }
}
