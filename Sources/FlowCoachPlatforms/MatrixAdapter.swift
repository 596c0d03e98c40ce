import FlowCoachCore
import FlowCoachHTTP
import Foundation
import Logging

/// One `/sync` worth of work: the messages addressed to the coach and the position after them.

/// Translates Matrix to and from `Inbound`/`Outbound`: long-polls `/sync` with a stored filter,
/// joins rooms it is invited to, turns DMs and mentions into messages, fills `limited` timeline
/// gaps, and sends replies idempotently with their txnId.
public actor MatrixAdapter {
    public nonisolated let settings: MatrixSettings
    let api: MatrixAPI
    /// In application-service mode: the token the homeserver's pushes must carry.
    nonisolated let hsToken: String?
    let logger: Logger
    private var filterID: String?
    /// Joined members (id → display name) per room, dropped when the room's membership changes.
    var members: [String: [String: String]] = [:]
    /// Rooms the bot is invited to and has not joined yet. An invite is shown by one sync only,
    /// whose position is then committed, so a join that fails for a moment is tried again
    /// before each following sync rather than forgotten.
    var invites: Set<String> = []
    /// In application-service mode: whether `receive` has answered once (at once, to report ready).
    var heartbeats = 0

    public init(settings: MatrixSettings, token: String, hsToken: String? = nil, http: HTTPClient, logger: Logger) {
        self.settings = settings
        self.api = MatrixAPI(homeserver: settings.homeserver, token: token, http: http)
        self.hsToken = hsToken
        self.logger = logger
    }

    /// Confirms the token works and belongs to `settings.userID`, then picks up the invites
    /// still open: one whose join failed just before a restart is past the committed cursor, so
    /// the next `/sync` would never show it again.
    public func connect() async throws {
        let body = try await api.call("GET", "/account/whoami")
        let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
        guard let userID = object?["user_id"] as? String else { throw PlatformError.malformed("whoami without user_id") }
        guard userID == settings.userID else {
            throw PlatformError.rejected(status: 200, errcode: "FC_WRONG_USER", message: "the token belongs to \(userID), the configuration says \(settings.userID)")
        }
        // Pushed, not polled: invitations arrive in transactions, which the homeserver repeats until acknowledged.
        if hsToken != nil { return }
        // A small initial sync: rooms only, one timeline event each. Synapse answers a /sync it saw
        // in the last minutes from its cache (so an invite newer than an earlier start's request
        // would be missing); a timeout of its own makes this request one it has not seen.
        let filter = #"{"presence":{"types":[]},"account_data":{"types":[]},"room":{"timeline":{"limit":1},"state":{"types":[]},"ephemeral":{"types":[]},"account_data":{"types":[]}}}"#
        let state = try await api.call("GET", "/sync", query: [("filter", filter), ("timeout", String(Int.random(in: 1...9999)))], timeout: 60)
        let pending = try MatrixAPI.decode(SyncResponse.self, state).rooms?.invite ?? [:]
        if !pending.isEmpty { logger.info("open invites found at start", metadata: ["rooms": "\(pending.count)"]) }
        invites.formUnion(pending.keys)
    }

    /// Waits for the next batch after `since`. With no `since` (first start ever) it returns at
    /// once with no messages: old history is not answered.
    public func poll(since: String?) async throws -> PollBatch {
        let filter = try await storedFilter()
        await joinInvitedRooms()
        var query = [("filter", filter), ("timeout", since == nil ? "0" : String(settings.syncTimeoutMs))]
        if let since { query.append(("since", since)) }
        let body = try await api.call("GET", "/sync", query: query, timeout: Double(settings.syncTimeoutMs) / 1000 + 20)
        let sync = try MatrixAPI.decode(SyncResponse.self, body)

        invites.formUnion((sync.rooms?.invite ?? [:]).keys)
        await joinInvitedRooms()
        guard let since else { return PollBatch(messages: [], cursor: sync.nextBatch) }

        var messages: [Inbound] = []
        for (roomID, room) in (sync.rooms?.join ?? [:]).sorted(by: { $0.key < $1.key }) {
            var events = room.timeline?.events ?? []
            if room.timeline?.limited == true, let gapStart = room.timeline?.prevBatch {
                let missed = try await missedEvents(roomID, from: gapStart, to: since)
                logger.info("filled a timeline gap", metadata: ["room": "\(roomID)", "events": "\(missed.count)"])
                events = missed + events
            }
            for event in events {
                if event.type == "m.room.member" { members[roomID] = nil }
                if let inbound = try await inbound(event, room: roomID) { messages.append(inbound) }
            }
        }
        return PollBatch(messages: messages, cursor: sync.nextBatch)
    }

    /// Sends a reply as `m.notice` events (the convention for bots) that mention no one, with
    /// the HTML version beside the plain body, split when it is longer than one event takes. The
    /// txnId is the reply's id (`<id>.part2`, … for the parts after the first), so a retry or a
    /// resend after a restart is never shown twice.
    public func send(_ reply: Outbound) async throws {
        for (index, part) in render(reply.text).enumerated() {
            let transaction = Self.transactionID(reply, part: index)
            let path = "/rooms/\(MatrixAPI.escape(reply.room))/send/m.room.message/\(MatrixAPI.escape(transaction))"
            _ = try await api.call("PUT", path, json: Self.content(part))
        }
    }

    /// The txnId of a reply's part (counted from 0): the reply's id for the first.
    static func transactionID(_ reply: Outbound, part index: Int) -> String {
        index == 0 ? reply.id : "\(reply.id).part\(index + 1)"
    }

    /// The event content of one message.
    static func content(_ message: RenderedMessage) -> [String: Any] {
        var content: [String: Any] = ["msgtype": "m.notice", "body": message.body, "m.mentions": [String: Any]()]
        if let html = message.html {
            content["format"] = "org.matrix.custom.html"
            content["formatted_body"] = html
        }
        return content
    }

    /// Accepts the pending invites. One the homeserver refuses for good (withdrawn, forbidden)
    /// is dropped; one that fails for a moment (5xx, 429, a broken connection) stays pending.
    func joinInvitedRooms() async {
        for roomID in invites.sorted() {
            do {
                _ = try await api.call("POST", "/rooms/\(MatrixAPI.escape(roomID))/join", json: [:])
                invites.remove(roomID)
                logger.info("joined room", metadata: ["room": "\(roomID)"])
            } catch let error as PlatformError where !error.isTransient {
                invites.remove(roomID)
                logger.error("cannot join room", metadata: ["room": "\(roomID)", "error": "\(error)"])
            } catch {
                logger.warning("cannot join room yet; trying again before the next sync", metadata: ["room": "\(roomID)", "error": "\(error)"])
            }
        }
    }

    private func storedFilter() async throws -> String {
        if let filterID { return filterID }
        let filter: [String: Any] = [
            "presence": ["types": [String]()],
            "account_data": ["types": [String]()],
            "room": [
                // Our own replies never wake the long poll.
                "timeline": ["types": ["m.room.message", "m.room.member", "m.reaction"], "not_senders": [settings.userID], "limit": 50],
                "state": ["types": ["m.room.member"], "lazy_load_members": true],
                "ephemeral": ["types": [String]()],
                "account_data": ["types": [String]()],
            ],
        ]
        let body = try await api.call("POST", "/user/\(MatrixAPI.escape(settings.userID))/filter", json: filter)
        let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
        guard let id = object?["filter_id"] as? String else { throw PlatformError.malformed("filter without filter_id") }
        filterID = id
        return id
    }

    /// Events a `limited` timeline skipped, oldest first, read back to the previous position
    /// (at most 3 pages of 100; beyond that the gap is logged and accepted).
    private func missedEvents(_ roomID: String, from start: String, to end: String) async throws -> [RoomEvent] {
        var collected: [RoomEvent] = []
        var from = start
        for _ in 0..<3 {
            let body = try await api.call(
                "GET", "/rooms/\(MatrixAPI.escape(roomID))/messages",
                query: [("dir", "b"), ("from", from), ("to", end), ("limit", "100")])
            let page = try MatrixAPI.decode(MessagesResponse.self, body)
            collected += page.chunk
            guard let next = page.end, !page.chunk.isEmpty else { return collected.reversed() }
            from = next
        }
        logger.warning("timeline gap larger than 300 events; older messages in it are not answered", metadata: ["room": "\(roomID)"])
        return collected.reversed()
    }

    /// Reactions that rate what the coach last showed: 👍 is "helpful", 👎 "not helpful".
    static let ratingReactions: Set<String> = ["👍", "👍️", "👎", "👎️"]

    /// The message an event carries for the coach, or nil when it is not one (see the static
    /// `inbound`); looks up the room's members and a thread's root only for a possible message.
    func inbound(_ event: RoomEvent, room roomID: String) async throws -> Inbound? {
        guard Self.mayAddressCoach(event, settings: settings) else { return nil }
        let roomMembers = try await joinedMembers(roomID)
        var threadRoot: String?
        if let root = Self.threadRootID(event) { threadRoot = try await ownMessage(root, in: roomID) }
        return Self.inbound(event, room: roomID, members: roomMembers, threadRoot: threadRoot, settings: settings)
    }

    /// The message an event carries for the coach, or nil when it is not one: not a text
    /// message or a rating reaction, from the bot itself or an ignored bot, or in a group room
    /// without a mention (a threaded reply to the bot's own post counts as one). `members` are
    /// the room's joined members (id → name); `threadRoot` the bot's own post a thread replies to.
    static func inbound(
        _ event: RoomEvent, room roomID: String, members roomMembers: [String: String], threadRoot: String?, settings: MatrixSettings
    ) -> Inbound? {
        guard mayAddressCoach(event, settings: settings), let eventID = event.eventID, let content = event.content else { return nil }
        let text: String
        if let key = ratingKey(event) {
            text = key.hasPrefix("👍") ? "👍" : "👎"
        } else if let body = textBody(event) {
            let mentioned = content.mentions?.userIDs?.contains(settings.userID) == true || mentions(body, of: settings.userID)
            guard roomMembers.count <= 2 || mentioned || threadRoot != nil else { return nil }
            text = strippingMention(body, of: settings.userID, displayName: roomMembers[settings.userID])
        } else {
            return nil
        }
        let name = roomMembers[event.sender] ?? localpart(event.sender)
        return Inbound(eventID: eventID, sender: Person(id: event.sender, displayName: name), room: roomID, text: text,
                       threadRoot: threadRoot, shared: roomMembers.count > 2 ? true : nil)
    }

    /// True when `event` may be a message for the coach: a text message or a rating reaction, with
    /// an id, from someone other than the bot and the ignored users.
    static func mayAddressCoach(_ event: RoomEvent, settings: MatrixSettings) -> Bool {
        guard event.eventID != nil, event.sender != settings.userID, !settings.ignoreUsers.contains(event.sender) else { return false }
        return ratingKey(event) != nil || textBody(event) != nil
    }

    /// The emoji of a rating reaction (👍 or 👎, an `m.annotation`), else nil.
    static func ratingKey(_ event: RoomEvent) -> String? {
        guard event.type == "m.reaction", let relation = event.content?.relatesTo, relation.relType == "m.annotation",
            let key = relation.key, ratingReactions.contains(key)
        else { return nil }
        return key
    }

    /// The body of a text message (`m.text` or `m.emote`), else nil.
    static func textBody(_ event: RoomEvent) -> String? {
        guard event.type == "m.room.message", let content = event.content, content.msgtype == "m.text" || content.msgtype == "m.emote"
        else { return nil }
        return content.body
    }

    /// The event a text message replies to in a thread (`m.relates_to` of `rel_type` m.thread).
    static func threadRootID(_ event: RoomEvent) -> String? {
        guard textBody(event) != nil, let relation = event.content?.relatesTo, relation.relType == "m.thread" else { return nil }
        return relation.eventID
    }

    /// What `poll` makes of a `/sync` body, without the network: the same decoding and translation,
    /// with `members` standing for every room's joined members and `threadRoot` for every thread's
    /// root; invitations are not joined and `limited` gaps not filled. For fuzzing and tests.
    package static func messages(
        inSync body: [UInt8], settings: MatrixSettings, members: [String: String], threadRoot: String? = nil
    ) throws -> PollBatch {
        let sync = try MatrixAPI.decode(SyncResponse.self, body)
        var messages: [Inbound] = []
        for (roomID, room) in (sync.rooms?.join ?? [:]).sorted(by: { $0.key < $1.key }) {
            for event in room.timeline?.events ?? [] {
                let root = threadRootID(event) == nil ? nil : threadRoot
                if let inbound = inbound(event, room: roomID, members: members, threadRoot: root, settings: settings) { messages.append(inbound) }
            }
        }
        return PollBatch(messages: messages, cursor: sync.nextBatch)
    }

    /// The body of `eventID` when the bot itself sent it (a thread's root), else nil.
    private func ownMessage(_ eventID: String, in roomID: String) async throws -> String? {
        let body: [UInt8]
        do {
            body = try await api.call("GET", "/rooms/\(MatrixAPI.escape(roomID))/event/\(MatrixAPI.escape(eventID))")
        } catch let error as PlatformError {
            // Refused for good: the root is gone or not visible to the bot, so this is not a reply
            // to it. A failure for a moment is thrown: the batch is read again, not the message dropped.
            guard case .rejected = error, !error.isTransient else { throw error }
            return nil
        }
        let event = try MatrixAPI.decode(RoomEvent.self, body)
        guard event.sender == settings.userID else { return nil }
        return event.content?.body
    }

    private func joinedMembers(_ roomID: String) async throws -> [String: String] {
        if let known = members[roomID] { return known }
        let body = try await api.call("GET", "/rooms/\(MatrixAPI.escape(roomID))/joined_members")
        let response = try MatrixAPI.decode(JoinedMembersResponse.self, body)
        var names: [String: String] = [:]
        for (userID, member) in response.joined {
            names[userID] = member.displayName.flatMap { $0.isEmpty ? nil : $0 } ?? Self.localpart(userID)
        }
        members[roomID] = names
        return names
    }

    static func localpart(_ userID: String) -> String {
        String(userID.dropFirst().prefix { $0 != ":" })
    }

    static func mentions(_ body: String, of userID: String) -> Bool {
        body.contains(userID) || body.lowercased().hasPrefix(localpart(userID).lowercased() + ":")
    }

    /// "flowcoach: help" or "@flowcoach:example.org help" → "help".
    static func strippingMention(_ body: String, of userID: String, displayName: String?) -> String {
        var text = body.trimmingCharacters(in: .whitespaces)
        for prefix in [userID, localpart(userID), displayName].compactMap({ $0 }) where !prefix.isEmpty {
            if text.lowercased().hasPrefix(prefix.lowercased()) {
                text = String(text.dropFirst(prefix.count))
                text = String(text.drop { $0 == ":" || $0 == "," || $0 == " " })
                break
            }
        }
        return text
    }
}
