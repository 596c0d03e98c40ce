import FlowCoachCore
import FlowCoachHTTP
import Foundation
import Logging

/// Translates Zulip to and from `Inbound`/`Outbound`: long-polls an event queue for messages,
/// registers a new queue when the server has dropped the old one and reads back the messages sent
/// in between, turns direct messages and mentions of the bot into messages for the coach, and
/// sends replies so that a retry or a restart never shows one twice.
///
/// People are `zulip:<user id>` (Zulip's immutable numeric id, never the email, which can change);
/// rooms are `dm:<ids>` or `stream:<id>:<topic>` (see `ZulipRoom`).
public actor ZulipAdapter {
    public nonisolated let settings: ZulipSettings
    let api: ZulipAPI
    let logger: Logger
    /// When this process started: a reply an earlier process may have sent is looked for from a
    /// little before it.
    let started: Date
    let now: @Sendable () -> Date
    /// The bot itself, from `GET /users/me`.
    var me: ZulipOwnUser?
    /// How long the server may hold `GET /events` (from `POST /register`).
    var longPollTimeout = 90.0
    /// A queue registered to replace a lost one whose gap could not be read yet: reused, not registered again.
    var replacement: (lost: String, queue: ZulipRegisterResponse)?
    /// People's time zone and whether they are a bot, by user id, with when it was read.
    var profiles: [Int: (timeZone: String?, isBot: Bool, read: Date)] = [:]
    /// The newest message id when this process connected: a reply to a message up to it may
    /// have been sent by an earlier process; one to a later message was made by this one.
    var startBoundary: Int?
    /// Per room, the ids of the newest messages this process posted there (at most 50).
    var posted: [String: [Int]] = [:]
    /// Per reply, how many of its parts this process has posted.
    var progress: [String: Int] = [:]
    /// Rooms where a send ended without knowing whether it arrived (a timeout, a dropped
    /// connection, a 5xx): when that attempt began and the newest message posted there before it.
    var uncertain: [String: (since: Date, after: Int?)] = [:]

    /// A profile is read again after this long (time zones change when people travel).
    static let profileLifetime: TimeInterval = 6 * 3600
    /// A reply left unconfirmed by an earlier process is looked for among the bot's messages from
    /// this long before this process started.
    static let restartWindow: TimeInterval = 15 * 60
    /// Room for the difference between this machine's clock and the server's.
    static let clockSlack: TimeInterval = 120

    public init(settings: ZulipSettings, apiKey: String, http: HTTPClient, logger: Logger) {
        let transport = ZulipHTTPTransport(site: settings.site, email: settings.email, apiKey: apiKey, http: http)
        self.init(settings: settings, transport: transport, logger: logger)
    }

    package init(
        settings: ZulipSettings, transport: any ZulipTransport, logger: Logger = Logger(label: "flowcoach.zulip"),
        sleep: @escaping @Sendable (Double) async throws -> Void = { try await Task.sleep(for: .seconds($0)) },
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.settings = settings
        self.api = ZulipAPI(transport: transport, sleep: sleep)
        self.logger = logger
        self.now = now
        self.started = now()
    }

    /// Confirms the API key works and belongs to `settings.email`, and notes the newest message id
    /// (see `startBoundary`).
    public func connect() async throws {
        let user = try await api.json(ZulipOwnUser.self, ZulipCall("GET", "/users/me"))
        guard user.owns(settings.email) else {
            throw PlatformError.rejected(
                status: 200, errcode: "FC_WRONG_USER", message: "the API key belongs to \(user.email), the configuration says \(settings.email)")
        }
        me = user
        if startBoundary == nil {
            let call = ZulipCall("GET", "/messages", [("anchor", "newest"), ("num_before", "1"), ("num_after", "0"), ("apply_markdown", "false")])
            startBoundary = try await api.json(ZulipMessagesResponse.self, call).messages.map(\.id).max() ?? 0
        }
    }

    /// Waits for the next batch after `cursor`. With no cursor (first start ever) it registers a
    /// queue and returns at once with no messages: old history is not answered.
    public func poll(after cursor: String?) async throws -> PollBatch {
        if me == nil { try await connect() }
        guard let text = cursor, let current = ZulipCursor(text) else {
            if cursor != nil { logger.warning("unreadable Zulip cursor; registering a new event queue (messages since the last one read are not answered)") }
            let queue = try await register()
            return PollBatch(messages: [], cursor: ZulipCursor(queueID: queue.queueID, lastEventID: queue.lastEventID, lastMessageID: queue.maxMessageID).text)
        }
        let events: [ZulipEvent]
        do {
            let call = ZulipCall(
                "GET", "/events", [("queue_id", current.queueID), ("last_event_id", String(current.lastEventID))],
                kind: .longPoll(timeout: longPollTimeout))
            events = try await api.json(ZulipEventsResponse.self, call).events.filter { $0.id > current.lastEventID }.sorted { $0.id < $1.id }
        } catch let error as PlatformError where error.isBadEventQueue {
            return try await replaceQueue(current)
        }
        var messages: [Inbound] = []
        for event in events where event.type == "message" {
            guard let message = event.message else {
                logger.warning("skipped a message event that could not be read", metadata: ["event": "\(event.id)"])
                continue
            }
            if let inbound = try await inbound(message, flags: event.flags ?? message.flags ?? []) { messages.append(inbound) }
        }
        return PollBatch(messages: messages, cursor: current.advanced(by: events).text)
    }

    /// The server dropped the queue (idle for about ten minutes, or restarted): registers a new one
    /// and reads back, with `GET /messages`, what arrived between the last message seen and the
    /// new queue's start, so nothing sent in the gap goes unanswered.
    func replaceQueue(_ lost: ZulipCursor) async throws -> PollBatch {
        let queue: ZulipRegisterResponse
        if let pending = replacement, pending.lost == lost.queueID {
            queue = pending.queue
        } else {
            queue = try await register()
            replacement = (lost.queueID, queue)
        }
        var next = ZulipCursor(queueID: queue.queueID, lastEventID: queue.lastEventID, lastMessageID: lost.lastMessageID ?? queue.maxMessageID)
        guard let from = lost.lastMessageID, let through = queue.maxMessageID else {
            logger.warning("the Zulip event queue expired; registered a new one. Messages sent in between may be missed: no message position to read back from")
            replacement = nil
            return PollBatch(messages: [], cursor: next.text)
        }
        let missed = try await messages(after: from, through: through)
        var inbound: [Inbound] = []
        for message in missed {
            if let message = try await self.inbound(message, flags: message.flags ?? []) { inbound.append(message) }
        }
        next.lastMessageID = max(from, through)
        replacement = nil
        logger.info(
            "the Zulip event queue expired; registered a new one and read back the messages sent in between",
            metadata: ["messages": "\(missed.count)", "for_the_coach": "\(inbound.count)"])
        return PollBatch(messages: inbound, cursor: next.text)
    }

    /// Registers an event queue for new messages, their text as typed (raw Markdown).
    func register() async throws -> ZulipRegisterResponse {
        let call = ZulipCall("POST", "/register", [("event_types", #"["message"]"#), ("apply_markdown", "false"), ("client_gravatar", "false")])
        let queue = try await api.json(ZulipRegisterResponse.self, call)
        if let timeout = queue.longPollTimeout, timeout > 0 { longPollTimeout = timeout }
        logger.info("registered a Zulip event queue")
        return queue
    }

    /// The messages the bot received with ids in `from+1 ... through`, oldest first: at most five
    /// pages of 1,000 (beyond that the gap is logged and the rest not answered).
    func messages(after from: Int, through: Int) async throws -> [ZulipMessage] {
        var collected: [ZulipMessage] = []
        var anchor = from
        for _ in 0..<5 {
            let call = ZulipCall(
                "GET", "/messages",
                [("anchor", String(anchor)), ("include_anchor", "false"), ("num_before", "0"), ("num_after", "1000"), ("apply_markdown", "false")])
            let page = try await api.json(ZulipMessagesResponse.self, call)
            let sorted = page.messages.sorted { $0.id < $1.id }
            collected += sorted.filter { $0.id > anchor && $0.id > from && $0.id <= through }
            guard let last = sorted.last?.id, last > anchor, last < through, page.foundNewest != true else { return collected }
            anchor = last
        }
        logger.warning("more than 5,000 messages arrived while the Zulip event queue was gone; the newer ones are not answered")
        return collected
    }

    /// The message for the coach in `message`, with the sender's time zone from their profile;
    /// nil when it is not one (see the static `inbound`) or comes from another bot.
    func inbound(_ message: ZulipMessage, flags: [String]) async throws -> Inbound? {
        guard let me, var inbound = Self.inbound(message, flags: flags, bot: me, settings: settings) else { return nil }
        let profile = await profile(message.senderID)
        if profile?.isBot == true { return nil }
        inbound.timeZone = profile?.timeZone
        return inbound
    }

    /// A person's time zone and bot flag, read from `GET /users/{id}` and kept for a while. A
    /// failed read is not fatal: the message is answered without a time zone.
    func profile(_ userID: Int) async -> (timeZone: String?, isBot: Bool)? {
        let time = now()
        if let known = profiles[userID], time.timeIntervalSince(known.read) < Self.profileLifetime { return (known.timeZone, known.isBot) }
        do {
            let user = try await api.json(ZulipUserResponse.self, ZulipCall("GET", "/users/\(userID)")).user
            let zone = user.timezone.flatMap { $0.isEmpty || TimeZone(identifier: $0) == nil ? nil : $0 }
            profiles[userID] = (zone, user.isBot ?? false, time)
            return (zone, user.isBot ?? false)
        } catch {
            logger.debug("could not read a Zulip profile", metadata: ["user": "\(userID)", "error": "\(error)"])
            return nil
        }
    }
}

extension PlatformError {
    /// Zulip's answer for a queue it no longer has (`BAD_EVENT_QUEUE_ID`).
    var isBadEventQueue: Bool {
        if case .rejected(_, "BAD_EVENT_QUEUE_ID", _) = self { return true }
        return false
    }
}
