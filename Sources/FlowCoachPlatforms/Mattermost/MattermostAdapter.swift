import Crypto
import FlowCoachCore
import FlowCoachHTTP
import Foundation
import Logging

/// Translates Mattermost to and from `Inbound`/`Outbound`. Direct messages are polled: the bot's
/// direct channels are listed, and those with new posts read with `since`; mentions in channels
/// arrive through an outgoing webhook or a slash command on the listener (see `webhooks`).
/// Replies are created with `POST /api/v4/posts`, idempotently by their id (see `send`).
public actor MattermostAdapter {
    public nonisolated let settings: MattermostSettings
    private nonisolated let webhookTokens: [String]
    private let api: MattermostAPI
    private let logger: Logger
    /// People by user id, with when they were looked up (names and zones change, slowly).
    private var people: [String: (person: Person, timeZone: String?, at: ContinuousClock.Instant)] = [:]
    /// Direct channels by the user id of the person they are with (`@<user id>` rooms).
    private var directChannels: [String: String] = [:]
    /// Per channel, the reply keys known to be posted; a channel is missing until its recent
    /// posts have been read since this process started, or after a send that may have landed.
    private var posted: [String: Set<String>] = [:]
    /// Whether `GET /users/{id}/channels` exists (servers before 6.1 list channels per team).
    private var allTeamsListing = true
    private var lastPoll: ContinuousClock.Instant?
    private var lastPollFoundMessages = false

    /// The post prop that carries a reply's key, so a resend can tell it was already posted.
    static let replyProp = "flowcoach_reply"
    /// How long a looked-up name and time zone are used before they are looked up again.
    static let personLifetime: Duration = .seconds(3600)

    public init(settings: MattermostSettings, token: String, webhookTokens: [String] = [], http: HTTPClient, logger: Logger) {
        self.settings = settings
        self.webhookTokens = webhookTokens
        self.api = MattermostAPI(server: settings.serverURL, token: token, http: http, logger: logger)
        self.logger = logger
    }

    /// Confirms the token works and belongs to `settings.botUserID`.
    public func connect() async throws {
        let me = try MattermostAPI.decode(MattermostUser.self, try await api.call("GET", "/users/me"))
        guard me.id == settings.botUserID else {
            throw PlatformError.rejected(
                status: 200, errcode: "FC_WRONG_USER", message: "the token belongs to user \(me.id), the configuration says \(settings.botUserID)")
        }
    }

    /// The direct messages after `cursor`, after waiting out the poll interval (unless the last
    /// look found messages: a backlog is read at once). With no cursor (the first start ever)
    /// it returns no messages and marks where each direct channel stands: old history is not
    /// answered.
    public func poll(after cursorText: String?) async throws -> PollBatch {
        if let lastPoll, !lastPollFoundMessages {
            try await Task.sleep(until: lastPoll + .milliseconds(settings.pollIntervalMs), clock: .continuous)
        }
        lastPoll = .now
        let committed = MattermostCursor.decode(cursorText)
        if cursorText != nil && committed == nil { logger.warning("unreadable Mattermost cursor; reading from now on") }
        let channels = try await directChannelList()
        var (reads, cursor) = MattermostCursor.plan(committed, channels: channels, bot: settings.botUserID)
        var messages: [Inbound] = []
        for read in reads {
            let body = try await api.call("GET", "/channels/\(MattermostAPI.escape(read.channel))/posts", query: [("since", String(read.since))])
            let posts = (try MattermostAPI.decode(MattermostPostList.self, body).posts ?? [:]).values.sorted { ($0.createAt, $0.id) < ($1.createAt, $1.id) }
            if posts.count >= 1000 { logger.warning("more than 1000 posts since the last look; some may be skipped", metadata: ["channel": "\(read.channel)"]) }
            guard let mark = cursor.channels[read.channel] else { continue }
            for post in posts where mark.isNew(post) {
                if let key = post.replyKey, post.userID == settings.botUserID { posted[read.channel]?.insert(key) }
                guard Self.addressesCoach(post, settings: settings) else { continue }
                let (person, zone) = try await person(post.userID, fallbackName: nil)
                var inbound = Inbound(eventID: post.id, sender: person, room: post.channelID, text: post.message ?? "")
                inbound.timeZone = zone
                messages.append(inbound)
            }
            cursor.channels[read.channel] = mark.advanced(by: posts)
        }
        lastPollFoundMessages = !messages.isEmpty
        return PollBatch(messages: messages, cursor: cursor.encoded)
    }

    /// True when a post is a person's message to the coach: not the bot's own or another bot's,
    /// not a system message, not deleted, not from a webhook or an ignored user, not empty.
    static func addressesCoach(_ post: MattermostPost, settings: MattermostSettings) -> Bool {
        guard post.userID != settings.botUserID, !settings.ignoreUsers.contains(post.userID), (post.type ?? "").isEmpty,
            (post.deleteAt ?? 0) == 0, post.props?["from_bot"]?.text != "true", post.props?["from_webhook"]?.text != "true"
        else { return false }
        return !(post.message ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
    }

    /// The bot's channels: from every team at once, or team by team on servers before 6.1.
    private func directChannelList() async throws -> [MattermostChannel] {
        let bot = MattermostAPI.escape(settings.botUserID)
        if allTeamsListing {
            do {
                return try MattermostAPI.decode([MattermostChannel].self, try await api.call("GET", "/users/\(bot)/channels"))
            } catch PlatformError.rejected(status: 404, _, _) {
                logger.info("this Mattermost lists channels per team (before 6.1)")
                allTeamsListing = false
            }
        }
        var channels: [String: MattermostChannel] = [:]
        for team in try MattermostAPI.decode([MattermostTeam].self, try await api.call("GET", "/users/\(bot)/teams")) {
            let body = try await api.call("GET", "/users/\(bot)/teams/\(MattermostAPI.escape(team.id))/channels")
            for channel in try MattermostAPI.decode([MattermostChannel].self, body) { channels[channel.id] = channel }
        }
        return Array(channels.values)
    }

    /// Someone as their profile names them, and their time zone; looked up once an hour. A
    /// profile that cannot be read for good falls back to `fallbackName` or the id; one that
    /// fails for a moment throws (the batch is read again).
    func person(_ userID: String, fallbackName: String?, once: Bool = false) async throws -> (Person, String?) {
        if let known = people[userID], ContinuousClock.now - known.at < Self.personLifetime { return (known.person, known.timeZone) }
        do {
            let body = try await api.call("GET", "/users/\(MattermostAPI.escape(userID))", timeout: once ? 5 : 30, once: once)
            let user = try MattermostAPI.decode(MattermostUser.self, body)
            let person = Person(id: userID, displayName: user.displayName)
            people[userID] = (person, user.timeZoneName, .now)
            return (person, user.timeZoneName)
        } catch let error as PlatformError where !error.isTransient {
            logger.warning("cannot read a user's profile", metadata: ["user": "\(userID)", "error": "\(error)"])
            return (Person(id: userID, displayName: fallbackName ?? userID), nil)
        }
    }

    /// Someone named by a webhook: their profile when it can be read now, else the name the
    /// webhook gave (Mattermost does not send a webhook again, so nothing waits for the API).
    func webhookSender(_ userID: String, name: String?) async -> (Person?, String?) {
        do {
            let (person, zone) = try await person(userID, fallbackName: name, once: true)
            return (person, zone)
        } catch {
            logger.warning("cannot read a user's profile now; using the webhook's name", metadata: ["user": "\(userID)", "error": "\(error)"])
            return (nil, nil)
        }
    }

    /// Posts a reply, split when longer than a post takes, each part once. Two guards keep a
    /// resend from showing twice: every post carries a `pending_post_id` made from the reply's
    /// id, which Mattermost answers with the post already made for 30 seconds; and before the
    /// first send into a channel since start, or after a send whose outcome is unknown (a
    /// timeout, a 5xx), the channel's latest posts are read for the reply's key.
    public func send(_ reply: Outbound) async throws {
        let channel = try await channelID(for: reply.room)
        if posted[channel] == nil { try await readPosted(channel) }
        for (index, part) in render(reply.text).enumerated() {
            let key = Self.partKey(reply, part: index)
            // Mattermost refuses a post with no text; a part of blanks has nothing to show.
            if posted[channel]?.contains(key) == true || part.body.allSatisfy(\.isWhitespace) { continue }
            let post: [String: Any] = [
                "channel_id": channel, "message": part.body, "pending_post_id": pendingPostID(key), "props": [Self.replyProp: key],
            ]
            do {
                _ = try await api.call("POST", "/posts", json: post, idempotent: false)
            } catch {
                if Self.mayHaveLanded(error) { posted[channel] = nil }
                throw error
            }
            posted[channel, default: []].insert(key)
        }
    }

    /// The key of a reply's part (counted from 0): the reply's id for the first.
    static func partKey(_ reply: Outbound, part index: Int) -> String {
        index == 0 ? reply.id : "\(reply.id).part\(index + 1)"
    }

    /// A `pending_post_id` for a part: the bot's id and a digest of the key, so it is short,
    /// stable across restarts and never the same for two bots on one server.
    nonisolated func pendingPostID(_ key: String) -> String {
        let digest = SHA256.hash(data: Array(key.utf8)).prefix(16).map { String(format: "%02x", $0) }.joined()
        return settings.botUserID + ":" + digest
    }

    /// True when a failed create may still have made the post: a 5xx, a timeout, a connection
    /// lost mid-answer. Not an answer that refused it (a 4xx, a 429) or a server never reached.
    static func mayHaveLanded(_ error: any Error) -> Bool {
        switch error {
        case PlatformError.rejected(let status, _, _): return status >= 500
        case HTTPClientError.unsupportedURL: return false
        // CURLE_COULDNT_RESOLVE_PROXY, _HOST, _CONNECT: the request never left.
        case HTTPClientError.transport(let code, _): return ![5, 6, 7].contains(code)
        default: return true
        }
    }

    /// The reply keys among the channel's latest 200 posts by the bot.
    private func readPosted(_ channel: String) async throws {
        let body = try await api.call("GET", "/channels/\(MattermostAPI.escape(channel))/posts", query: [("page", "0"), ("per_page", "200")])
        let posts = try MattermostAPI.decode(MattermostPostList.self, body).posts ?? [:]
        posted[channel] = Set(posts.values.filter { $0.userID == settings.botUserID }.compactMap(\.replyKey))
    }

    /// The channel a room names: a channel id as it is, `@<user id>` as the direct channel with
    /// that person, made when there is none yet.
    private func channelID(for room: String) async throws -> String {
        guard room.hasPrefix("@") else { return room }
        let user = String(room.dropFirst())
        if let known = directChannels[user] { return known }
        let body = try await api.call("POST", "/channels/direct", json: [settings.botUserID, user])
        let channel = try MattermostAPI.decode(MattermostChannel.self, body)
        directChannels[user] = channel.id
        return channel.id
    }

    /// The listener endpoint for outgoing webhooks and slash commands, when a token is configured.
    nonisolated var webhookEndpoints: [WebhookEndpoint] {
        guard !webhookTokens.isEmpty else { return [] }
        return [
            WebhookEndpoint(platform: "mattermost", path: MattermostSettings.webhookPath, maxBodyBytes: 256 << 10) { [self] request, _ in
                await handleWebhook(request)
            }
        ]
    }

    /// Checks the token, then turns the payload into a message. The answer is `{}`: the reply is
    /// posted through the API once it is journalled, not returned in the response.
    func handleWebhook(_ request: WebhookRequest) async -> WebhookOutcome {
        guard let payload = MattermostWebhookPayload.parse(request.body, contentType: request.header("content-type")) else {
            return .refuse(.error(400, "unreadable body"), reason: "malformed")
        }
        guard payload.carries(oneOf: webhookTokens) else { return .refuse(.error(401, "invalid token"), reason: "bad_token") }
        guard payload.inbound(settings: settings, person: nil, timeZone: nil) != nil, let userID = payload.userID else {
            return .answer(.ok)
        }
        let (person, zone) = await webhookSender(userID, name: payload.userName)
        guard let inbound = payload.inbound(settings: settings, person: person, timeZone: zone) else { return .answer(.ok) }
        return .deliver([inbound], ack: .ok)
    }
}
