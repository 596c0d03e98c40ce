import FlowCoachCore
import FlowCoachHTTP
import Foundation
import Logging

extension SlackAdapter {
    /// The Events API (`POST /slack/events`) and interactivity (`POST /slack/interactive`, button
    /// clicks). Both check Slack's signature over the raw body before reading anything.
    public nonisolated var webhooks: [WebhookEndpoint] {
        [
            WebhookEndpoint(platform: "slack", path: "/slack/events", maxBodyBytes: 1 << 20) { request, now in
                await self.receiveEvent(request, now: now)
            },
            WebhookEndpoint(platform: "slack", path: "/slack/interactive", maxBodyBytes: 1 << 20) { request, now in
                await self.receiveInteraction(request, now: now)
            },
        ]
    }

    /// One Events API request: the URL check, or a message for the coach. A retry
    /// (`X-Slack-Retry-Num`) is handled like the first delivery; the runtime drops it by its id
    /// when the first was journalled, so it is a no-op, and answers it when it was not.
    nonisolated func receiveEvent(_ request: WebhookRequest, now: Date) async -> WebhookOutcome {
        if let refusal = SlackSignature.check(request, secret: signingSecret, now: now).refusal { return refusal }
        let botUserID: String
        do {
            botUserID = try await ownUserID()
        } catch {
            return .unavailable(reason: "auth.test: \(error)")
        }
        let push: SlackPush
        do {
            push = try SlackPush.event(request.body, botUserID: botUserID)
        } catch {
            return .refuse(.error(400, "malformed request"), reason: "malformed")
        }
        return await outcome(push)
    }

    /// One interactivity request: a click on a choice button is the person saying its value.
    nonisolated func receiveInteraction(_ request: WebhookRequest, now: Date) async -> WebhookOutcome {
        if let refusal = SlackSignature.check(request, secret: signingSecret, now: now).refusal { return refusal }
        let push: SlackPush
        do {
            push = try SlackPush.interaction(request.body)
        } catch {
            return .refuse(.error(400, "malformed request"), reason: "malformed")
        }
        return await outcome(push)
    }

    private func outcome(_ push: SlackPush) async -> WebhookOutcome {
        switch push {
        case .challenge(let challenge):
            let body = (try? JSONEncoder().encode(["challenge": challenge])).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
            return .answer(WebhookReply(status: 200, body: body))
        case .ignored(let why):
            logger.debug("Slack request not for the coach", metadata: ["why": "\(why)"])
            return .answer(.ok)
        case .message(let incoming):
            do {
                guard let inbound = try await inbound(incoming) else { return .answer(.ok) }
                return .deliver([inbound], ack: .ok)
            } catch {
                // Slack sends it again later (after a minute, then five); by then the API may answer.
                return .unavailable(reason: "\(error)")
            }
        }
    }

    /// The bot's member id, asking Slack when the adapter has not connected yet.
    func ownUserID() async throws -> String {
        if let identity { return identity.userID }
        return try await authTest(timeout: 2).userID
    }

    /// The message for the coach, with the sender's name and time zone; nil when it is not one
    /// (an ignored user, a bot, a thread reply under someone else's post).
    func inbound(_ incoming: SlackIncoming) async throws -> Inbound? {
        guard !settings.ignoreUsers.contains(incoming.user) else { return nil }
        var root: String?
        if let thread = incoming.threadTS, !incoming.direct {
            root = try await ownPost(thread, in: incoming.channel)
            guard root != nil || incoming.mention else { return nil }
        }
        let known = try await person(incoming.user)
        guard !known.isBot else { return nil }
        var inbound = Inbound(
            eventID: incoming.id, sender: known.person, room: incoming.channel, text: incoming.text, threadRoot: root,
            shared: incoming.direct ? nil : true)
        inbound.timeZone = known.timeZone
        return inbound
    }

    /// A person's name and time zone (`users.info`), kept for an hour. Slack must be answered
    /// within three seconds, so the lookup gets two and is not retried: a failure makes the
    /// request a 503, which Slack sends again later. A member Slack does not know keeps their id.
    func person(_ user: String) async throws -> KnownPerson {
        if let known = people[user], ContinuousClock.now - known.fetched < .seconds(3600) { return known }
        do {
            let body = try await api.call("users.info", query: [("user", user)], timeout: 2, retry: .never)
            let info = try SlackAPI.decode(SlackAnswer.UserInfo.self, body).user
            let known = KnownPerson(
                person: Person(id: user, displayName: info.shownName), timeZone: info.tz, isBot: info.isBot == true, fetched: .now)
            if people.count > 10_000 { people.removeAll() }
            people[user] = known
            return known
        } catch let error as PlatformError where !error.isTransient && !error.refusesCredentials {
            logger.warning("Slack does not know this member; using the id as the name", metadata: ["user": "\(user)", "error": "\(error)"])
            return KnownPerson(person: Person(id: user, displayName: user), timeZone: nil, isBot: false, fetched: .now)
        } catch {
            // Stale is better than nothing while Slack does not answer.
            if let known = people[user] { return known }
            throw error
        }
    }

    /// The text of the coach's own post at `ts` (a thread's root), read back as plain text; nil
    /// when someone else wrote it.
    func ownPost(_ ts: String, in channel: String) async throws -> String? {
        let key = "\(channel):\(ts)"
        if let known = threadRoots[key] { return known }
        let body = try await api.call(
            "conversations.replies", query: [("channel", channel), ("ts", ts), ("limit", "1"), ("inclusive", "true")], timeout: 2, retry: .never)
        let root = try SlackAPI.decode(SlackAnswer.Messages.self, body).messages.first { $0.ts == ts }
        let me = try await ownUserID()
        let own = root.flatMap { message in
            message.user == me || (message.botID != nil && message.botID == identity?.botID) ? SlackText.plain(message.text ?? "", botUserID: me) : nil
        }
        if threadRoots.count > 5_000 { threadRoots.removeAll() }
        threadRoots[key] = .some(own)
        return own
    }
}
