/// The JSON of `chat.postMessage`: mrkdwn section blocks marked `verbatim` (Slack then links
/// no names and parses no `@here` in them), the choices as buttons, and the reply's id in the
/// message metadata, which is how a resend after a crash finds that the message is already there.
struct SlackPost: Encodable, Sendable {
    static let choiceActionPrefix = "flowcoach_choice_"
    static let replyEventType = "flowcoach_reply"
    /// Slack's limits for a button's text and value.
    static let buttonTextLimit = 75
    static let buttonValueLimit = 2000

    var channel: String
    var text: String
    var blocks: [Block]
    var metadata: Metadata

    init(channel: String, message: SlackMessage, replyID: String) {
        self.channel = channel
        self.text = message.text
        self.blocks = message.sections.map(Block.section)
        if !message.choices.isEmpty { blocks.append(.actions(message.choices)) }
        self.metadata = Metadata(eventType: Self.replyEventType, eventPayload: ["reply_id": replyID])
    }

    enum CodingKeys: String, CodingKey {
        case channel, text, blocks, metadata
        case unfurlLinks = "unfurl_links"
        case unfurlMedia = "unfurl_media"
        case linkNames = "link_names"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(channel, forKey: .channel)
        try container.encode(text, forKey: .text)
        try container.encode(blocks, forKey: .blocks)
        try container.encode(metadata, forKey: .metadata)
        try container.encode(false, forKey: .unfurlLinks)
        try container.encode(false, forKey: .unfurlMedia)
        try container.encode(false, forKey: .linkNames)
    }

    struct Metadata: Encodable, Sendable {
        var eventType: String
        var eventPayload: [String: String]

        enum CodingKeys: String, CodingKey {
            case eventType = "event_type"
            case eventPayload = "event_payload"
        }
    }

    enum Block: Encodable, Sendable {
        case section(String)
        case actions([SlackChoice])

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            switch self {
            case .section(let text):
                try container.encode("section", forKey: .type)
                try container.encode(Text(type: "mrkdwn", text: text, verbatim: true), forKey: .text)
            case .actions(let choices):
                try container.encode("actions", forKey: .type)
                try container.encode("flowcoach_choices", forKey: .blockID)
                let buttons = choices.prefix(25).enumerated().map { index, choice in
                    Button(
                        actionID: SlackPost.choiceActionPrefix + String(index + 1), text: Text(type: "plain_text", text: Self.label(choice.label)),
                        value: String(choice.value.prefix(SlackPost.buttonValueLimit)))
                }
                try container.encode(buttons, forKey: .elements)
            }
        }

        /// A label longer than a button shows is shortened with "…"; the message above shows it whole.
        static func label(_ text: String) -> String {
            text.count <= SlackPost.buttonTextLimit ? text : String(text.prefix(SlackPost.buttonTextLimit - 1)) + "…"
        }

        enum Key: String, CodingKey {
            case type, text, elements
            case blockID = "block_id"
        }

        struct Text: Encodable {
            var type: String
            var text: String
            var verbatim: Bool?
        }

        struct Button: Encodable {
            var type = "button"
            var actionID: String
            var text: Text
            var value: String

            enum CodingKeys: String, CodingKey {
                case type, text, value
                case actionID = "action_id"
            }
        }
    }
}
