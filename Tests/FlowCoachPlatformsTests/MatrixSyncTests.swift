@testable import FlowCoachPlatforms
import FlowCoachCore
import Foundation
import Testing

/// What a `/sync` answer turns into, read offline as `MatrixAdapter.poll` reads it.
@Suite struct MatrixSyncTests {
    let settings = MatrixSettings(homeserver: "http://127.0.0.1:1", userID: "@flowcoach:example.org", ignoreUsers: ["@otherbot:example.org"])
    let team = ["@flowcoach:example.org": "Coach", "@ana:example.org": "Ana", "@ben:example.org": "Ben"]

    func sync(_ events: String, room: String = "!r:example.org") -> [UInt8] {
        Array(#"{"next_batch":"s2","rooms":{"join":{"\#(room)":{"timeline":{"events":[\#(events)]}}}}}"#.utf8)
    }

    func message(_ sender: String, _ body: String, id: String = "$1", extra: String = "") -> String {
        #"{"type":"m.room.message","sender":"\#(sender)","event_id":"\#(id)","content":{"msgtype":"m.text","body":"\#(body)"\#(extra)}}"#
    }

    @Test func aDirectMessageReachesTheCoachWithTheSendersName() throws {
        let batch = try MatrixAdapter.messages(
            inSync: sync(message("@ana:example.org", "coach feedback")), settings: settings,
            members: ["@flowcoach:example.org": "flowcoach", "@ana:example.org": "Ana"])
        #expect(batch.cursor == "s2")
        #expect(batch.messages == [Inbound(eventID: "$1", sender: Person(id: "@ana:example.org", displayName: "Ana"), room: "!r:example.org", text: "coach feedback")])
    }

    @Test func inATeamRoomOnlyMentionsCountAndTheMentionIsStripped() throws {
        let events = [
            message("@ana:example.org", "lunch anyone?", id: "$1"),
            message("@ben:example.org", "flowcoach: help", id: "$2"),
            message("@ana:example.org", "practice", id: "$3", extra: #","m.mentions":{"user_ids":["@flowcoach:example.org"]}"#),
        ].joined(separator: ",")
        let batch = try MatrixAdapter.messages(inSync: sync(events), settings: settings, members: team)
        #expect(batch.messages.map(\.text) == ["help", "practice"])
        #expect(batch.messages.allSatisfy { $0.shared == true })
    }

    @Test func theBotItselfIgnoredBotsAndOtherEventsAreDropped() throws {
        let events = [
            message("@flowcoach:example.org", "Here's what I can do", id: "$1"),
            message("@otherbot:example.org", "help", id: "$2"),
            #"{"type":"m.room.message","sender":"@ana:example.org","event_id":"$3","content":{"msgtype":"m.image","body":"a.png"}}"#,
            #"{"type":"m.room.member","sender":"@ana:example.org","event_id":"$4","state_key":"@ana:example.org","content":{"membership":"join"}}"#,
            #"{"type":"m.room.message","sender":"@ana:example.org","content":{"msgtype":"m.text","body":"no id"}}"#,
        ].joined(separator: ",")
        let batch = try MatrixAdapter.messages(inSync: sync(events), settings: settings, members: ["@flowcoach:example.org": "flowcoach", "@ana:example.org": "Ana"])
        #expect(batch.messages.isEmpty)
    }

    @Test func ratingReactionsAndThreadRepliesAreMessages() throws {
        let events = [
            #"{"type":"m.reaction","sender":"@ana:example.org","event_id":"$1","content":{"m.relates_to":{"rel_type":"m.annotation","event_id":"$r","key":"👎️"}}}"#,
            #"{"type":"m.reaction","sender":"@ana:example.org","event_id":"$2","content":{"m.relates_to":{"rel_type":"m.annotation","event_id":"$r","key":"🎉"}}}"#,
            message("@ben:example.org", "Offer a trade.", id: "$3", extra: #","m.relates_to":{"rel_type":"m.thread","event_id":"$root"}"#),
        ].joined(separator: ",")
        let batch = try MatrixAdapter.messages(inSync: sync(events), settings: settings, members: team, threadRoot: "Question q1 from Ana")
        #expect(batch.messages.map(\.text) == ["👎", "Offer a trade."])
        #expect(batch.messages.map(\.threadRoot) == [nil, "Question q1 from Ana"])
    }

    @Test func aMalformedAnswerIsAnError() {
        #expect(throws: PlatformError.self) { try MatrixAdapter.messages(inSync: Array(#"{"rooms":{}}"#.utf8), settings: settings, members: [:]) }
    }
}
