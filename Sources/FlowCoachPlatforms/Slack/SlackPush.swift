import Foundation

/// What one signed request from Slack asks of the coach, read from its JSON (Events API) or its
/// form-encoded `payload` (interactivity) without any network call.
enum SlackPush: Sendable, Equatable {
    /// `url_verification`: answer the challenge.
    case challenge(String)
    /// Something a person said or clicked that may be for the coach.
    case message(SlackIncoming)
    /// Verified but not for the coach (a bot's message, an edit, an event type it does not use).
    case ignored(String)

    /// Reads an Events API body. Throws when it is not the JSON Slack sends.
    static func event(_ body: [UInt8], botUserID: String?) throws -> SlackPush {
        let envelope = try JSONDecoder().decode(Envelope.self, from: Data(body))
        switch envelope.type {
        case "url_verification":
            guard let challenge = envelope.challenge else { throw SlackPushError.malformed("url_verification without challenge") }
            return .challenge(challenge)
        case "event_callback":
            guard let event = envelope.event else { throw SlackPushError.malformed("event_callback without event") }
            return message(event, botUserID: botUserID)
        default:
            return .ignored("envelope \(envelope.type)")
        }
    }

    /// The message an event carries, when it is one a person wrote: a direct message
    /// (`message.im`), a mention (`app_mention`), or a threaded reply in a channel, which counts
    /// only when the thread is the coach's own post (the adapter looks that up).
    static func message(_ event: Event, botUserID: String?) -> SlackPush {
        guard event.type == "message" || event.type == "app_mention" else { return .ignored("event \(event.type)") }
        if let subtype = event.subtype { return .ignored("subtype \(subtype)") }
        guard event.botID == nil else { return .ignored("bot message") }
        guard let user = event.user, let channel = event.channel, let ts = event.ts, let text = event.text else {
            return .ignored("incomplete message")
        }
        if let botUserID, user == botUserID { return .ignored("own message") }
        let direct = event.channelType == "im" || (event.channelType == nil && channel.hasPrefix("D"))
        let threadTS = event.threadTS.flatMap { $0 == ts ? nil : $0 }
        let mention = event.type == "app_mention"
        // A channel message without a mention reaches the coach only as a reply in its own thread.
        if event.type == "message", !direct, threadTS == nil { return .ignored("channel message without a mention") }
        return .message(
            SlackIncoming(
                id: "\(channel):\(ts)", user: user, channel: channel, text: SlackText.plain(text, botUserID: botUserID), direct: direct,
                threadTS: threadTS, mention: mention))
    }

    /// Reads an interactivity body (`payload=<JSON>`, form-encoded): a click on one of the coach's
    /// choice buttons is the person saying the button's value.
    static func interaction(_ body: [UInt8]) throws -> SlackPush {
        guard let json = SlackForm.value("payload", in: body) else { throw SlackPushError.malformed("no payload field") }
        let payload = try JSONDecoder().decode(Interaction.self, from: Data(json.utf8))
        guard payload.type == "block_actions" else { return .ignored("interaction \(payload.type)") }
        guard let action = payload.actions?.first(where: { $0.actionID.hasPrefix(SlackPost.choiceActionPrefix) }), let value = action.value,
            let user = payload.user?.id, let channel = payload.channel?.id ?? payload.container?.channelID
        else { return .ignored("not a choice") }
        let key = payload.triggerID ?? "\(action.actionTS ?? payload.container?.messageTS ?? "?"):\(user)"
        return .message(
            SlackIncoming(
                id: "\(channel):action:\(key)", user: user, channel: channel, text: value, direct: channel.hasPrefix("D"), threadTS: nil,
                mention: false))
    }

    struct Envelope: Decodable {
        var type: String
        var challenge: String?
        var eventID: String?
        var event: Event?

        enum CodingKeys: String, CodingKey {
            case type, challenge, event
            case eventID = "event_id"
        }
    }

    struct Event: Decodable {
        var type: String
        var subtype: String?
        var user: String?
        var botID: String?
        var text: String?
        var channel: String?
        var channelType: String?
        var ts: String?
        var threadTS: String?

        enum CodingKeys: String, CodingKey {
            case type, subtype, user, text, channel, ts
            case botID = "bot_id"
            case channelType = "channel_type"
            case threadTS = "thread_ts"
        }
    }

    struct Interaction: Decodable {
        struct User: Decodable { var id: String }
        struct Channel: Decodable { var id: String }
        struct Container: Decodable {
            var channelID: String?
            var messageTS: String?
            enum CodingKeys: String, CodingKey {
                case channelID = "channel_id"
                case messageTS = "message_ts"
            }
        }
        struct Action: Decodable {
            var actionID: String
            var value: String?
            var actionTS: String?
            enum CodingKeys: String, CodingKey {
                case value
                case actionID = "action_id"
                case actionTS = "action_ts"
            }
        }

        var type: String
        var user: User?
        var channel: Channel?
        var container: Container?
        var triggerID: String?
        var actions: [Action]?

        enum CodingKeys: String, CodingKey {
            case type, user, channel, container, actions
            case triggerID = "trigger_id"
        }
    }
}

/// A message for the coach before the sender's profile is looked up.
struct SlackIncoming: Sendable, Equatable {
    /// `<channel>:<ts>`: the same message reached by two events (a mention in a DM, a mention in
    /// a thread) or by Slack's retries is one message; a click is `<channel>:action:<trigger id>`.
    var id: String
    var user: String
    var channel: String
    /// Plain text: Slack's `<@U…>`, `<!here>` and links read back, entities decoded, the coach's own mention removed.
    var text: String
    /// A direct message with the coach.
    var direct: Bool
    /// The thread it replies in (a channel thread), when not its own root.
    var threadTS: String?
    /// An `app_mention`.
    var mention: Bool
}

enum SlackPushError: Error, CustomStringConvertible {
    case malformed(String)

    var description: String {
        switch self {
        case .malformed(let detail): "malformed Slack request: \(detail)"
        }
    }
}

/// `application/x-www-form-urlencoded` bodies.
enum SlackForm {
    /// The decoded value of `name`, or nil.
    static func value(_ name: String, in body: [UInt8]) -> String? {
        for pair in String(decoding: body, as: UTF8.self).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, decode(parts[0]) == name else { continue }
            return decode(parts[1])
        }
        return nil
    }

    static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
