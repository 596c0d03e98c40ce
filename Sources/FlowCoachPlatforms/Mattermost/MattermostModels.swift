import Foundation

/// The parts of Mattermost's API v4 objects flowcoach reads. Fields a server may leave out are
/// optional, so a newer or older server's answer still decodes.

/// `GET /api/v4/users/{id}`.
struct MattermostUser: Decodable, Sendable {
    var id: String
    var username: String?
    var firstName: String?
    var lastName: String?
    var nickname: String?
    /// `useAutomaticTimezone` ("true"/"false"), `automaticTimezone`, `manualTimezone`.
    var timezone: [String: MattermostLoose]?
    var isBot: Bool?

    enum CodingKeys: String, CodingKey {
        case id, username, nickname, timezone
        case firstName = "first_name"
        case lastName = "last_name"
        case isBot = "is_bot"
    }

    /// What to call them: their full name, else their nickname, else their user name.
    var displayName: String {
        let full = [firstName, lastName].compactMap { $0 }.joined(separator: " ").trimmingCharacters(in: .whitespaces)
        if !full.isEmpty { return full }
        if let nickname, !nickname.isEmpty { return nickname }
        return username ?? id
    }

    /// The IANA zone their profile gives: the automatic one when they let Mattermost set it, else
    /// the one they chose; nil when neither is set.
    var timeZoneName: String? {
        let automatic = timezone?["useAutomaticTimezone"]?.text.map { $0 == "true" } ?? true
        let name = timezone?[automatic ? "automaticTimezone" : "manualTimezone"]?.text ?? ""
        return name.isEmpty ? nil : name
    }
}

/// One channel of `GET /api/v4/users/{id}/channels`.
struct MattermostChannel: Decodable, Sendable {
    var id: String
    /// `O` open, `P` private, `D` direct, `G` group.
    var type: String
    /// A direct channel's name is its two members' ids joined by `__`.
    var name: String?
    var createAt: Int64?
    var lastPostAt: Int64?
    var deleteAt: Int64?

    enum CodingKeys: String, CodingKey {
        case id, type, name
        case createAt = "create_at"
        case lastPostAt = "last_post_at"
        case deleteAt = "delete_at"
    }

    /// A live direct channel between the bot and one other person (not the bot's own notes).
    func isDirect(with bot: String) -> Bool {
        guard type == "D", (deleteAt ?? 0) == 0, let name else { return false }
        let members = name.components(separatedBy: "__")
        return members.count == 2 && members.contains(bot) && members.contains { $0 != bot }
    }
}

/// `GET /api/v4/users/{id}/teams`.
struct MattermostTeam: Decodable, Sendable {
    var id: String
}

/// A post.
struct MattermostPost: Decodable, Sendable {
    var id: String
    var createAt: Int64
    var updateAt: Int64?
    var deleteAt: Int64?
    var userID: String
    var channelID: String
    var message: String?
    /// Empty for what people write; `system_join_channel` and the like otherwise.
    var type: String?
    var props: [String: MattermostLoose]?

    enum CodingKeys: String, CodingKey {
        case id, message, type, props
        case createAt = "create_at"
        case updateAt = "update_at"
        case deleteAt = "delete_at"
        case userID = "user_id"
        case channelID = "channel_id"
    }

    /// The reply key flowcoach stored in the post's props when it sent it.
    var replyKey: String? { props?[MattermostAdapter.replyProp]?.text }
}

/// `GET /api/v4/channels/{id}/posts`: the posts by id, and their order (newest first).
struct MattermostPostList: Decodable, Sendable {
    var order: [String]?
    var posts: [String: MattermostPost]?
}

/// A JSON value read loosely: props and time zones hold strings, booleans or anything else.
enum MattermostLoose: Decodable, Sendable, Equatable {
    case string(String)
    case bool(Bool)
    case other

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else {
            self = .other
        }
    }

    /// A string as itself, a boolean as `true`/`false`.
    var text: String? {
        switch self {
        case .string(let text): text
        case .bool(let flag): flag ? "true" : "false"
        case .other: nil
        }
    }
}
