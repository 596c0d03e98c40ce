@testable import FlowCoachCore
import Foundation
import Testing

/// The snapshot's compact form of the scheduled nudges reads back exactly; records out of
/// order, repeated ids (the last wins) and ids spelt differently but equal as text never make
/// two entries of one id.
@Suite struct ScheduledTextTests {
    static func nudge(_ id: String, _ due: Double, priority: Int = 1) -> ScheduledNudge {
        ScheduledNudge(id: id, due: Date(timeIntervalSince1970: due), nominal: Date(timeIntervalSince1970: due - 60), priority: priority)
    }

    @Test func aTableReadsBackExactly() throws {
        var table = ScheduleTable()
        for n in 0..<2_000 { table["n|nudge\(n % 7)|@p\(n):x"] = Self.nudge("n|nudge\(n % 7)|@p\(n):x", 1_795_000_000 + Double(n) * 37.5, priority: n % 3) }
        table["n|café|@ana:x"] = Self.nudge("n|café|@ana:x", 1_795_000_001)
        let read = try ScheduledText.decode(ScheduledText.encode(table))
        #expect(read == table && read.count == 2_001)
    }

    @Test func recordsOutOfOrderOrRepeatedMakeOneEntryEach() throws {
        let text = "100 40 1 b;200 40 1 a;300 40 2 b;400 40 1 c;500 40 1 c;"
        let table = try ScheduledText.decode(text)
        #expect(table.count == 3)
        #expect(table["b"]?.due == Date(timeIntervalSince1970: 300) && table["b"]?.priority == 2)
        #expect(table["c"]?.due == Date(timeIntervalSince1970: 500))
    }

    @Test func idsEqualAsTextAreOneEntry() throws {
        // U+212A KELVIN SIGN is the letter K as text; `é` precomposed and decomposed are one.
        let text = "100 40 1 \u{212A}1;200 40 1 K1;300 40 1 caf\u{E9};400 40 1 cafe\u{301};"
        let table = try ScheduledText.decode(text)
        #expect(table.count == 2)
        #expect(table["K1"]?.due == Date(timeIntervalSince1970: 200))
        #expect(table["caf\u{E9}"]?.due == Date(timeIntervalSince1970: 400))
    }

    @Test func aDamagedRecordSaysWhich() {
        #expect(throws: ScheduledTextError.self) { try ScheduledText.decode("100 40 1 a;oops;") }
    }
}
