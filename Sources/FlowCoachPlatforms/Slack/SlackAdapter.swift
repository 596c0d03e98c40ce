import FlowCoachCore
import FlowCoachHTTP
import Foundation
import Logging

/// Translates Slack to and from `Inbound`/`Outbound`. Messages arrive pushed (the Events API and
/// button clicks, on the listener, see `SlackAdapter+Webhooks.swift`); replies leave through
/// `chat.postMessage`, at most one a second per channel, waiting as long as a 429's
/// `Retry-After` says. `chat.postMessage` takes no idempotency key, so each message carries its
/// reply id in its metadata, and before a send that may repeat an earlier one (the first send to
/// a channel after a start, or a retry after an answer that never came) the channel's recent
/// history is read: a reply already there is not posted again.
public actor SlackAdapter {
    public nonisolated let settings: SlackSettings
    let api: SlackAPI
    nonisolated let signingSecret: String
    let logger: Logger

    /// Who the token belongs to (`auth.test`): the bot's member id and bot id.
    var identity: SlackAnswer.AuthTest?
    /// People by member id, with their time zone, looked up at most hourly.
    var people: [String: KnownPerson] = [:]
    /// Thread roots (`channel:ts`) and the coach's text there, or nil when the root is someone else's.
    var threadRoots: [String: String?] = [:]
    /// DM channels opened for a reply addressed to a member id.
    var directChannels: [String: String] = [:]

    /// Channels whose history was read since the start.
    private var checkedChannels: Set<String> = []
    /// Message ids (a reply's id, `<id>.part2`, …) whose post may have reached Slack without an answer.
    private var uncertain: Set<String> = []
    /// Message ids known to be in Slack: posted by this process, or found in a channel's history.
    private var posted: Set<String> = []
    /// When each channel may be posted to next, and when a 429 lets any post go again.
    private var nextPost: [String: ContinuousClock.Instant] = [:]
    private var pausedUntil: ContinuousClock.Instant?
    private var heartbeatStarted = false
    private var lastCheckFailed = false

    struct KnownPerson {
        var person: Person
        var timeZone: String?
        var isBot: Bool
        var fetched: ContinuousClock.Instant
    }

    public init(settings: SlackSettings, token: String, signingSecret: String, http: HTTPClient, logger: Logger) {
        self.settings = settings
        self.api = SlackAPI(base: settings.apiBase, token: token, http: http)
        self.signingSecret = signingSecret
        self.logger = logger
    }

    /// Confirms the token works (`auth.test`) and learns the bot's own member id.
    public func connect() async throws {
        let me = try await authTest(timeout: 15)
        logger.info("connected to Slack", metadata: ["bot_user": "\(me.userID)", "team": "\(me.teamID ?? "?")"])
    }

    /// A push platform's heartbeat for `/healthz`: the first call returns at once; each later one
    /// waits `heartbeatSeconds` (none after a failed check) and checks the token with `auth.test`,
    /// throwing when Slack cannot be reached or refuses it. No messages: they come by webhook.
    public func heartbeat(after cursor: String?) async throws -> PollBatch {
        let position = cursor ?? "push"
        guard heartbeatStarted else {
            heartbeatStarted = true
            return PollBatch(messages: [], cursor: position)
        }
        if !lastCheckFailed { try await Task.sleep(for: .seconds(settings.heartbeatSeconds)) }
        lastCheckFailed = true
        _ = try await authTest(timeout: 10)
        lastCheckFailed = false
        return PollBatch(messages: [], cursor: position)
    }

    @discardableResult
    func authTest(timeout: Double) async throws -> SlackAnswer.AuthTest {
        let body = try await api.call("auth.test", timeout: timeout, retry: .never)
        let me = try SlackAPI.decode(SlackAnswer.AuthTest.self, body)
        identity = me
        return me
    }

    /// Posts a reply: its messages (more than one only when it is longer than one takes) each
    /// with `<reply id>`, `<reply id>.part2`, … in its metadata. A message already in Slack is
    /// skipped, so a retry or a resend after a restart never shows it twice.
    public func send(_ reply: Outbound) async throws {
        let channel = try await channel(for: reply.room)
        let messages = SlackMarkup.messages(reply.text)
        let ids = messages.indices.map { Self.messageID(reply, part: $0) }
        for (message, id) in zip(messages, ids) {
            if posted.contains(id) { continue }
            try await readHistoryIfNeeded(channel, for: id)
            if posted.contains(id) {
                logger.info("reply already in Slack; not posted again", metadata: ["reply": "\(id)"])
                continue
            }
            let body = try JSONEncoder().encode(SlackPost(channel: channel, message: message, replyID: id))
            try await post([UInt8](body), id: id, channel: channel)
            posted.insert(id)
        }
        posted.subtract(ids)
    }

    /// The id of a reply's message (counted from 0): the reply's id for the first.
    static func messageID(_ reply: Outbound, part index: Int) -> String {
        index == 0 ? reply.id : "\(reply.id).part\(index + 1)"
    }

    /// `chat.postMessage`, paced; a 429 (nothing posted) waits its `Retry-After` and tries again,
    /// up to five times. An answer that never came leaves the message uncertain for the next try.
    private func post(_ body: [UInt8], id: String, channel: String) async throws {
        var limited = 0
        while true {
            await pace(channel)
            uncertain.insert(id)
            let response = try await api.perform("chat.postMessage", json: body, timeout: 20)
            if response.status == 429 || response.status < 500 { uncertain.remove(id) }
            if response.status == 429, limited < 5 {
                limited += 1
                let delay = SlackAPI.retryAfter(response)
                logger.notice("Slack asked to slow down; waiting", metadata: ["retry_after_s": "\(delay)", "channel": "\(channel)"])
                pausedUntil = ContinuousClock.now + .seconds(delay)
                continue
            }
            _ = try SlackAPI.check(response)
            return
        }
    }

    /// Waits for the channel's next slot (one message a second) and any 429 pause.
    private func pace(_ channel: String) async {
        let now = ContinuousClock.now
        let slot = max(now, nextPost[channel] ?? now, pausedUntil ?? now)
        nextPost[channel] = slot + .seconds(1)
        if slot > now { try? await Task.sleep(until: slot, clock: .continuous) }
    }

    /// Reads the channel's recent history (once after a start, and again before resending a
    /// message whose post went unanswered) and notes the replies it holds.
    private func readHistoryIfNeeded(_ channel: String, for id: String) async throws {
        guard !checkedChannels.contains(channel) || uncertain.contains(id) else { return }
        do {
            let body = try await api.call(
                "conversations.history", query: [("channel", channel), ("limit", "50"), ("include_all_metadata", "true")], timeout: 15)
            let history = try SlackAPI.decode(SlackAnswer.Messages.self, body)
            posted.formUnion(history.messages.compactMap(\.replyID))
        } catch let error as PlatformError where !error.isTransient && !error.isUnauthorized {
            // Without history (e.g. a missing `*:history` scope) a resend after a crash could show
            // twice; sending is still better than never.
            logger.warning("cannot read the channel's history to rule out a duplicate; sending", metadata: ["channel": "\(channel)", "error": "\(error)"])
        }
        checkedChannels.insert(channel)
        uncertain.remove(id)
    }

    /// The channel for a reply's room: a member id (`U…`, `W…`) gets its DM opened.
    private func channel(for room: String) async throws -> String {
        guard let first = room.first, first == "U" || first == "W" else { return room }
        if let known = directChannels[room] { return known }
        let body = try await api.call("conversations.open", json: [UInt8](try JSONEncoder().encode(["users": room])))
        let channel = try SlackAPI.decode(SlackAnswer.Open.self, body).channel.id
        directChannels[room] = channel
        return channel
    }
}
