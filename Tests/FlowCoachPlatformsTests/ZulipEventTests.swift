@testable import FlowCoachPlatforms
import FlowCoachCore
import Foundation
import Testing

/// What Zulip's events turn into, read as `ZulipAdapter.poll` reads them.
@Suite struct ZulipEventTests {
    let settings = ZulipSettings(site: "http://127.0.0.1:1", email: "coach-bot@example.org", ignoreUsers: ["zulip:77", "otherbot@example.org"])
    let bot = ZulipOwnUser(userID: 9, email: "coach-bot@example.org", fullName: "Coach")

    func events(_ json: String) throws -> [ZulipEvent] {
        try ZulipAPI.decode(ZulipEventsResponse.self, Array(#"{"result":"success","msg":"","events":[\#(json)]}"#.utf8)).events
    }

    func direct(_ id: Int, from sender: Int = 42, name: String = "Ana Silva", _ content: String, with others: [Int] = []) -> String {
        let people = ([sender, 9] + others).map { #"{"id":\#($0),"email":"u\#($0)@example.org","full_name":"U\#($0)"}"# }.joined(separator: ",")
        return #"{"type":"message","id":\#(id),"flags":[],"message":{"id":\#(1000 + id),"sender_id":\#(sender),"sender_email":"u\#(sender)@example.org","sender_full_name":"\#(name)","type":"private","display_recipient":[\#(people)],"subject":"","content":"\#(content)","timestamp":1700000000}}"#
    }

    func stream(_ id: Int, from sender: Int = 42, _ content: String, flags: String = "[]", topic: String = "planning") -> String {
        #"{"type":"message","id":\#(id),"flags":\#(flags),"message":{"id":\#(1000 + id),"sender_id":\#(sender),"sender_full_name":"Ana Silva","type":"stream","display_recipient":"team","stream_id":7,"subject":"\#(topic)","content":"\#(content)","timestamp":1700000000}}"#
    }

    func inbound(_ json: String) throws -> [Inbound] {
        try events(json).compactMap { event in
            event.message.flatMap { ZulipAdapter.inbound($0, flags: event.flags ?? [], bot: bot, settings: settings) }
        }
    }

    @Test func aDirectMessageReachesTheCoachFromItsSendersImmutableID() throws {
        #expect(try inbound(direct(3, "coach feedback")) == [
            Inbound(eventID: "zulip:msg:1003", sender: Person(id: "zulip:42", displayName: "Ana Silva"), room: "dm:42", text: "coach feedback")
        ])
    }

    @Test func inAStreamOnlyAMentionOfTheBotCountsAndItIsTakenOut() throws {
        let batch = try inbound([
            stream(1, "lunch anyone?"),
            stream(2, "@**Coach** coach 1:1", flags: #"["mentioned"]"#),
            stream(3, "@**all** standup in 5", flags: #"["wildcard_mentioned"]"#),
            stream(4, "thanks @_**Coach|9**, that helped"),
            stream(5, "@**Coach|9**: help"),
        ].joined(separator: ","))
        #expect(batch.map(\.text) == ["coach 1:1", "thanks, that helped", "help"])
        #expect(batch.allSatisfy { $0.room == "stream:7:planning" && $0.shared == true })
    }

    @Test func aGroupDirectMessageNeedsAMentionToo() throws {
        let batch = try inbound([
            direct(1, "are we meeting?", with: [43]),
            direct(2, "@**Coach** help", with: [43]),
        ].joined(separator: ","))
        #expect(batch.map(\.text) == ["help"])
        #expect(batch.first?.room == "dm:42,43" && batch.first?.shared == true)
    }

    @Test func theBotsOwnMessagesIgnoredUsersAndOtherEventsAreDropped() throws {
        let batch = try inbound([
            direct(1, from: 9, name: "Coach", "Here's what I can do"),
            direct(2, from: 77, "help"),
            direct(3, from: 78, "help").replacingOccurrences(of: "u78@example.org\",\"sender_full_name", with: "otherbot@example.org\",\"sender_full_name"),
            #"{"type":"heartbeat","id":4}"#,
            #"{"type":"message","id":5,"message":{"id":"not a number"}}"#,
            #"{"type":"reaction","id":6,"op":"add"}"#,
        ].joined(separator: ","))
        #expect(batch.isEmpty)
    }

    @Test func anUnreadableMessageIsSkippedAndTheRestOfTheBatchKept() throws {
        let all = try events(#"{"type":"message","id":1,"message":{"id":true}},"# + direct(2, "practice"))
        #expect(all.map(\.id) == [1, 2])
        #expect(all[0].message == nil && all[1].message?.content == "practice")
    }

    @Test func theCursorKeepsTheQueueTheLastEventAndTheNewestMessage() throws {
        let start = ZulipCursor(queueID: "1517975029:0", lastEventID: -1, lastMessageID: 900)
        let next = start.advanced(by: try events(direct(3, "hi") + "," + #"{"type":"heartbeat","id":4}"#))
        #expect(next == ZulipCursor(queueID: "1517975029:0", lastEventID: 4, lastMessageID: 1003))
        #expect(next.text == #"{"last_event_id":4,"last_message_id":1003,"queue_id":"1517975029:0"}"#)
        #expect(ZulipCursor(next.text) == next)
        #expect(ZulipCursor("s72594_4483_1934") == nil, "a cursor from another platform or version is not read")
    }

    @Test func roomsSayWhereAReplyGoes() throws {
        #expect(ZulipRoom("dm:42") == .direct([42]))
        #expect(ZulipRoom("dm:43,42")?.id == "dm:42,43")
        #expect(ZulipRoom("stream:7:Q&A: ask here") == .stream(id: 7, topic: "Q&A: ask here"))
        for bad in ["dm:", "dm:ana", "stream:7", "stream:x:topic", "stream:7:", "!room:example.org"] { #expect(ZulipRoom(bad) == nil, "\(bad)") }
        let sendTo = ZulipRoom.stream(id: 7, topic: "planning").sendParams
        #expect(sendTo.map(\.name) == ["type", "to", "topic"] && sendTo.map(\.value) == ["stream", "7", "planning"])
        #expect(ZulipRoom.direct([42, 43]).sendParams.map(\.value) == ["private", "[42,43]"])
    }

    @Test func replyIDsNameTheMessageTheyAnswer() {
        #expect(ZulipAdapter.answeredMessage("zulip:msg:1234.reply") == 1234)
        #expect(ZulipAdapter.answeredMessage("zulip:msg:1234.reply.n2") == 1234)
        #expect(ZulipAdapter.answeredMessage("nudge:standup:zulip:42:2026-11-24") == nil)
    }
}
