import Foundation

/// The parts of Zulip's answers flowcoach reads (https://zulip.com/api/).

/// `POST /register`.
struct ZulipRegisterResponse: Decodable {
    var queueID: String
    var lastEventID: Int
    /// The newest message id when the queue was made: the end of a gap read by `GET /messages`.
    var maxMessageID: Int?
    /// How long a `GET /events` may be held by the server (Zulip 7.0 and later say).
    var longPollTimeout: Double?

    enum CodingKeys: String, CodingKey {
        case queueID = "queue_id"
        case lastEventID = "last_event_id"
        case maxMessageID = "max_message_id"
        case longPollTimeout = "event_queue_longpoll_timeout_seconds"
    }
}

/// `GET /events`.
struct ZulipEventsResponse: Decodable {
    var events: [ZulipEvent]
}

/// One event of a queue; only `message` events matter, `heartbeat`s only move the position.
struct ZulipEvent: Decodable {
    var id: Int
    var type: String
    /// Nil for other types, and for a message this code cannot read (skipped, not fatal).
    var message: ZulipMessage?
    /// The bot's flags on the message (`mentioned`, `wildcard_mentioned`, `read`, ...).
    var flags: [String]?

    enum CodingKeys: String, CodingKey {
        case id, type, message, flags
    }

    init(id: Int, type: String, message: ZulipMessage? = nil, flags: [String]? = nil) {
        self.id = id
        self.type = type
        self.message = message
        self.flags = flags
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(Int.self, forKey: .id)
        type = try container.decode(String.self, forKey: .type)
        message = type == "message" ? try? container.decode(ZulipMessage.self, forKey: .message) : nil
        flags = try? container.decodeIfPresent([String].self, forKey: .flags)
    }
}

/// A message as `GET /events` and `GET /messages` give it (raw Markdown: `apply_markdown=false`).
struct ZulipMessage: Decodable, Equatable {
    var id: Int
    var senderID: Int
    var senderEmail: String?
    var senderFullName: String
    /// `private` (a direct message, 1:1 or a group) or `stream`.
    var type: String
    /// For a direct message, everyone in it, the bot and the sender included; for a stream message, none.
    var recipients: [Recipient]
    var streamID: Int?
    var topic: String?
    var content: String
    var timestamp: Double?
    /// `GET /messages` puts the reader's flags on each message.
    var flags: [String]?

    struct Recipient: Decodable, Equatable {
        var id: Int
        var email: String?
        var fullName: String?

        enum CodingKeys: String, CodingKey {
            case id, email
            case fullName = "full_name"
        }
    }

    enum CodingKeys: String, CodingKey {
        case id, type, content, timestamp, flags, subject, topic
        case senderID = "sender_id"
        case senderEmail = "sender_email"
        case senderFullName = "sender_full_name"
        case displayRecipient = "display_recipient"
        case streamID = "stream_id"
    }

    init(id: Int, senderID: Int, senderEmail: String? = nil, senderFullName: String, type: String, recipients: [Recipient] = [],
         streamID: Int? = nil, topic: String? = nil, content: String, timestamp: Double? = nil, flags: [String]? = nil) {
        self.id = id
        self.senderID = senderID
        self.senderEmail = senderEmail
        self.senderFullName = senderFullName
        self.type = type
        self.recipients = recipients
        self.streamID = streamID
        self.topic = topic
        self.content = content
        self.timestamp = timestamp
        self.flags = flags
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(Int.self, forKey: .id)
        senderID = try container.decode(Int.self, forKey: .senderID)
        senderEmail = try container.decodeIfPresent(String.self, forKey: .senderEmail)
        senderFullName = try container.decodeIfPresent(String.self, forKey: .senderFullName) ?? ""
        type = try container.decode(String.self, forKey: .type)
        // A stream message names its stream here as text; a direct message lists its people.
        recipients = (try? container.decodeIfPresent([Recipient].self, forKey: .displayRecipient)) ?? []
        streamID = try container.decodeIfPresent(Int.self, forKey: .streamID)
        topic = try container.decodeIfPresent(String.self, forKey: .subject) ?? container.decodeIfPresent(String.self, forKey: .topic)
        content = try container.decode(String.self, forKey: .content)
        timestamp = try container.decodeIfPresent(Double.self, forKey: .timestamp)
        flags = try container.decodeIfPresent([String].self, forKey: .flags)
    }

    /// A direct message (`private`; `direct` in newer servers' words).
    var isDirect: Bool { type == "private" || type == "direct" }
}

/// `GET /messages`.
struct ZulipMessagesResponse: Decodable {
    var messages: [ZulipMessage]
    var foundNewest: Bool?

    enum CodingKeys: String, CodingKey {
        case messages
        case foundNewest = "found_newest"
    }
}

/// `GET /users/me` (the fields sit at the top level).
struct ZulipOwnUser: Decodable {
    var userID: Int
    /// The address the API knows the account by (a placeholder when the organisation hides emails).
    var email: String
    var fullName: String
    /// The real address, where it differs from `email`.
    var deliveryEmail: String?

    enum CodingKeys: String, CodingKey {
        case email
        case userID = "user_id"
        case fullName = "full_name"
        case deliveryEmail = "delivery_email"
    }

    init(userID: Int, email: String, fullName: String, deliveryEmail: String? = nil) {
        self.userID = userID
        self.email = email
        self.fullName = fullName
        self.deliveryEmail = deliveryEmail
    }

    /// True when `address` is this account's, as either address.
    func owns(_ address: String) -> Bool {
        [email, deliveryEmail].contains { $0?.caseInsensitiveCompare(address) == .orderedSame }
    }
}

/// `GET /users/{id}`.
struct ZulipUserResponse: Decodable {
    var user: User

    struct User: Decodable {
        var userID: Int
        var fullName: String?
        /// An IANA name, or empty when the person set none.
        var timezone: String?
        var isBot: Bool?

        enum CodingKeys: String, CodingKey {
            case timezone
            case userID = "user_id"
            case fullName = "full_name"
            case isBot = "is_bot"
        }
    }
}

/// `POST /messages`.
struct ZulipSendResponse: Decodable {
    var id: Int
}
