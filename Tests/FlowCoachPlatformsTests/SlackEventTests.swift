@testable import FlowCoachPlatforms
import Foundation
import Testing

/// What the coach makes of Slack's Events API and button clicks: a person's DM or mention is a
/// message, keyed so a retry or a second event about the same message is one message; bots,
/// edits and the coach's own posts are not.
@Suite struct SlackEventTests {
    static let bot = "UBOT1"

    func event(_ event: [String: Any], type: String = "event_callback") throws -> SlackPush {
        let envelope: [String: Any] = ["type": type, "event_id": "Ev1", "team_id": "T1", "event": event]
        return try SlackPush.event([UInt8](try JSONSerialization.data(withJSONObject: envelope)), botUserID: Self.bot)
    }

    func message(_ push: SlackPush) -> SlackIncoming? {
        if case .message(let incoming) = push { return incoming }
        return nil
    }

    @Test func urlVerificationIsAnsweredWithItsChallenge() throws {
        let body = Array(#"{"token":"x","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}"#.utf8)
        #expect(try SlackPush.event(body, botUserID: nil) == .challenge("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"))
    }

    @Test func aDirectMessageIsAMessage() throws {
        let push = try event([
            "type": "message", "channel": "D024BE91L", "user": "U2147483697", "text": "coach feedback", "ts": "1355517523.000005",
            "channel_type": "im", "client_msg_id": "abc",
        ])
        #expect(
            message(push)
                == SlackIncoming(
                    id: "D024BE91L:1355517523.000005", user: "U2147483697", channel: "D024BE91L", text: "coach feedback", direct: true,
                    threadTS: nil, mention: false))
    }

    @Test func aMentionIsAMessageWithoutTheMention() throws {
        let push = try event([
            "type": "app_mention", "channel": "C0LAN2Q65", "user": "U061F7AUR", "text": "<@UBOT1>: coach feedback",
            "ts": "1515449522.000016", "event_ts": "1515449522000016",
        ])
        let incoming = try #require(message(push))
        #expect(incoming.text == "coach feedback" && !incoming.direct && incoming.mention && incoming.id == "C0LAN2Q65:1515449522.000016")
        // The same message as a DM event and as a mention is one message.
        let dm = try event(["type": "message", "channel": "D1", "user": "U1", "text": "<@UBOT1> help", "ts": "1.2", "channel_type": "im"])
        let mention = try event(["type": "app_mention", "channel": "D1", "user": "U1", "text": "<@UBOT1> help", "ts": "1.2"])
        #expect(message(dm)?.id == message(mention)?.id && message(dm)?.text == "help")
    }

    @Test func botsEditsOwnPostsAndOtherEventsAreIgnored() throws {
        let base: [String: Any] = ["type": "message", "channel": "D1", "user": "U1", "text": "hi", "ts": "1.1", "channel_type": "im"]
        for (change, why) in [
            (["bot_id": "B1"], "a bot"), (["subtype": "message_changed"], "an edit"), (["subtype": "bot_message"], "a bot message"),
            (["user": Self.bot], "the coach itself"), (["type": "reaction_added"], "another event type"),
            (["channel_type": "channel", "channel": "C1"], "a channel message without a mention"),
        ] as [([String: Any], String)] {
            let push = try event(base.merging(change) { $1 })
            #expect(message(push) == nil, "\(why) is not a message for the coach")
        }
        #expect(message(try event(base.merging(["text": NSNull()]) { $1 })) == nil)
        #expect(try SlackPush.event(Array(#"{"type":"app_rate_limited","minute_rate_limited":1518467820}"#.utf8), botUserID: nil) == .ignored("envelope app_rate_limited"))
    }

    @Test func aThreadReplyInAChannelIsACandidate() throws {
        let push = try event([
            "type": "message", "channel": "C1", "user": "U1", "text": "my answer", "ts": "2.0", "thread_ts": "1.0", "channel_type": "channel",
        ])
        let incoming = try #require(message(push))
        #expect(incoming.threadTS == "1.0" && !incoming.mention && !incoming.direct)
        // A thread's root is not a reply.
        let root = try event(["type": "message", "channel": "C1", "user": "U1", "text": "x", "ts": "1.0", "thread_ts": "1.0", "channel_type": "channel"])
        #expect(message(root) == nil)
    }

    @Test func malformedBodiesThrow() {
        for body in ["", "not json", "[]", #"{"type":"event_callback"}"#, #"{"type":"url_verification"}"#, #"{"event":{}}"#] {
            #expect(throws: (any Error).self, "\(body)") { try SlackPush.event(Array(body.utf8), botUserID: nil) }
        }
    }

    @Test func aButtonClickIsThePersonSayingItsValue() throws {
        let payload: [String: Any] = [
            "type": "block_actions", "user": ["id": "U1", "username": "ana", "team_id": "T1"], "trigger_id": "123.456.abc",
            "container": ["type": "message", "message_ts": "9.9", "channel_id": "D1"], "channel": ["id": "D1", "name": "directmessage"],
            "actions": [
                ["action_id": "flowcoach_choice_2", "block_id": "flowcoach_choices", "value": "Change something", "type": "button", "action_ts": "10.1"]
            ],
        ]
        let json = String(decoding: try JSONSerialization.data(withJSONObject: payload), as: UTF8.self)
        let form = "payload=" + json.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let incoming = try #require(message(try SlackPush.interaction(Array(form.utf8))))
        #expect(incoming == SlackIncoming(id: "D1:action:123.456.abc", user: "U1", channel: "D1", text: "Change something", direct: true, threadTS: nil, mention: false))
        // Spaces as `+`, as browsers and Slack encode forms.
        let plus = "payload=" + json.replacingOccurrences(of: " ", with: "+").addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "+")))!
        #expect(message(try SlackPush.interaction(Array(plus.utf8)))?.text == "Change something")
        // Other apps' buttons and other interactions are not messages.
        let other = json.replacingOccurrences(of: "flowcoach_choice_2", with: "someone_else")
        #expect(message(try SlackPush.interaction(Array(("payload=" + other.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!).utf8))) == nil)
        #expect(throws: (any Error).self) { try SlackPush.interaction(Array("nothing=here".utf8)) }
        #expect(throws: (any Error).self) { try SlackPush.interaction(Array("payload=%7Bnot".utf8)) }
    }

    @Test func slackMarkupIsReadBackAsWhatWasTyped() {
        #expect(SlackText.plain("<@UBOT1> hi <@U2|bo> and <@U3>", botUserID: "UBOT1") == "hi @bo and @U3")
        #expect(SlackText.plain("<!here> <!channel> <!everyone> <!subteam^S1|@leads>", botUserID: nil) == "@here @channel @everyone @leads")
        #expect(SlackText.plain("see <https://example.org|the guide> or <https://x.org> in <#C1|general>", botUserID: nil)
                == "see the guide or https://x.org in #general")
        #expect(SlackText.plain("a &lt;b&gt; &amp;lt; &amp; c", botUserID: nil) == "a <b> &lt; & c", "entities decoded once")
        #expect(SlackText.plain("  <@UBOT1>,   coach feedback  ", botUserID: "UBOT1") == "coach feedback")
        #expect(SlackText.plain(":) thanks", botUserID: "UBOT1") == ":) thanks")
        #expect(SlackText.plain("typed &lt;!here&gt; and 1 &lt; 2", botUserID: nil) == "typed <!here> and 1 < 2")
    }
}
