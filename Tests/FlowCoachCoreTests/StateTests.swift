import FlowCoachCore
import Foundation
import Testing

@Suite struct StateTests {
    @Test func changesRoundTripThroughJSONInTheJournalShape() throws {
        let user = UserRecord(id: "@a:x", displayName: "A", firstSeen: Fixture.now, lastSeen: Fixture.now)
        let changes: [Change] = [.put(user), .delete(Conversation.self, id: "@a:x")]
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(changes), as: UTF8.self)
        #expect(json.hasPrefix(#"[{"c":"users","id":"@a:x","v":{"#))
        #expect(json.hasSuffix(#"{"c":"conversations","del":true,"id":"@a:x"}]"#))
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        #expect(try decoder.decode([Change].self, from: Data(json.utf8)) == changes)
    }

    @Test func aChangeWhoseIdDisagreesWithItsValueIsRejected() {
        let json = #"{"c":"cursors","id":"matrix","v":{"id":"slack","value":"1"}}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Change.self, from: Data(json.utf8)) }
    }

    @Test func aDraftReadsItsOwnWritesAndLeavesTheBaseAlone() {
        var base = State()
        let user = UserRecord(id: "u", displayName: "U", firstSeen: Fixture.now, lastSeen: Fixture.now)
        base.apply(.put(user))
        var draft = Draft(base: base)
        var renamed = user
        renamed.displayName = "V"
        draft.put(renamed)
        #expect(draft.user("u")?.displayName == "V")
        draft.delete(UserRecord.self, id: "u")
        #expect(draft.user("u") == nil)
        #expect(base.users["u"]?.displayName == "U")
        var applied = base
        applied.apply(draft.changes)
        #expect(applied.users.isEmpty)
    }
}
