import FlowCoachCore
import Foundation
import Logging

extension ZulipAdapter {
    /// Sends a reply as one message per part (see `ZulipMarkdown`).
    ///
    /// Zulip takes no idempotency key (`local_id` is only echoed to a live event queue, and cannot
    /// be looked up later), so a reply that may already be on the server is looked for before it
    /// is sent: one an earlier process may have sent (it answers a message from before this process
    /// connected, or it is the first to a room), and one whose last attempt ended without an
    /// answer (a timeout, a dropped connection, a 5xx). The bot's newest messages in that
    /// conversation are read back and compared part by part; parts found are not sent again. A 429
    /// or a refusal proves the message was not taken, so those are simply tried again or reported.
    public func send(_ reply: Outbound) async throws {
        guard let room = ZulipRoom(reply.room) else {
            throw PlatformError.rejected(
                status: 400, errcode: "FC_BAD_ROOM", message: "`\(reply.room)` is not a Zulip conversation (dm:<user ids> or stream:<id>:<topic>)")
        }
        if me == nil { try await connect() }
        let parts = render(reply.text).map(\.body)
        var next = progress[reply.id] ?? 0
        if mayBeSentAlready(reply, room: room) {
            let found = try await partsOnServer(Array(parts[next...]), reply: reply, room: room)
            if found > 0 {
                logger.info("reply already on Zulip; its parts found there are not sent again", metadata: ["reply": "\(reply.id)", "parts": "\(found)"])
            }
            next += found
        }
        while next < parts.count {
            let attempt = now()
            let call = ZulipCall("POST", "/messages", room.sendParams + [("content", parts[next])], kind: .send)
            do {
                let id = try await api.json(ZulipSendResponse.self, call).id
                remember(id, in: room.id)
            } catch let error as PlatformError where Self.provesNotSent(error) {
                if !error.isTransient { progress[reply.id] = nil }
                throw error
            } catch {
                uncertain[room.id] = (attempt, posted[room.id]?.last)
                throw error
            }
            uncertain[room.id] = nil
            next += 1
            progress[reply.id] = next
        }
        progress[reply.id] = nil
    }

    /// A refusal (4xx, a 429 included) means Zulip did not take the message.
    static func provesNotSent(_ error: PlatformError) -> Bool {
        if case .rejected(let status, _, _) = error { return (400..<500).contains(status) }
        return false
    }

    /// True when `reply` may be on the server already (see `send`).
    func mayBeSentAlready(_ reply: Outbound, room: ZulipRoom) -> Bool {
        if uncertain[room.id] != nil { return true }
        guard let answered = Self.answeredMessage(reply.id) else { return posted[room.id] == nil }
        guard let startBoundary else { return true }
        return answered <= startBoundary
    }

    /// How many of `parts` (from the first) are among the bot's newest messages in `room`, not
    /// counting what this process posted itself: only messages after the one the reply answers,
    /// after the room's last known post when an attempt there was left unanswered, and not from
    /// long before (a reply that answers no message).
    func partsOnServer(_ parts: [String], reply: Outbound, room: ZulipRoom) async throws -> Int {
        guard let me, !parts.isEmpty else { return 0 }
        let call = ZulipCall(
            "GET", "/messages",
            [("anchor", "newest"), ("num_before", String(parts.count + 20)), ("num_after", "0"), ("apply_markdown", "false"),
             ("narrow", room.narrow(sender: me.userID))])
        let messages: [ZulipMessage]
        do {
            messages = try await api.json(ZulipMessagesResponse.self, call).messages.sorted { $0.id < $1.id }
        } catch let error as PlatformError where Self.provesNotSent(error) && !error.isTransient {
            // A server that refuses the lookup (one older than Zulip 7 knows no `dm` narrow): a
            // rare duplicate is better than a reply dropped for good.
            logger.warning("could not look for an earlier copy of a reply; sending it", metadata: ["reply": "\(reply.id)", "error": "\(error)"])
            return 0
        }
        let unsure = uncertain[room.id]
        let afterID = max(Self.answeredMessage(reply.id) ?? 0, unsure?.after ?? 0)
        let since: Date? =
            if let unsure { unsure.since.addingTimeInterval(-Self.clockSlack) }
            else if Self.answeredMessage(reply.id) == nil { started.addingTimeInterval(-Self.restartWindow) }
            else { nil }
        let ours = Set(posted[room.id] ?? [])
        let candidates = messages.filter { message in
            guard message.senderID == me.userID, message.id > afterID, !ours.contains(message.id) else { return false }
            guard let since, let timestamp = message.timestamp else { return true }
            return Date(timeIntervalSince1970: timestamp) >= since
        }
        let run = Self.sentRun(parts, in: candidates.map(\.content))
        for index in run { remember(candidates[index].id, in: room.id) }
        return run.count
    }

    /// Where the longest run `parts[0..<n]` stands, in order and next to each other, among
    /// `contents` (empty when the first part is not there); texts compared as Zulip keeps them
    /// (outer whitespace trimmed).
    static func sentRun(_ parts: [String], in contents: [String]) -> Range<Int> {
        let wanted = parts.map(trimmed)
        let have = contents.map(trimmed)
        var best = 0..<0
        for start in have.indices {
            var length = 0
            while length < wanted.count, start + length < have.count, have[start + length] == wanted[length] { length += 1 }
            if length > best.count { best = start..<(start + length) }
        }
        return best
    }

    static func trimmed(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }

    /// Notes a message this process posted (or found posted) in a room.
    func remember(_ id: Int, in room: String) {
        var ids = posted[room] ?? []
        ids.append(id)
        if ids.count > 50 { ids.removeFirst(ids.count - 50) }
        posted[room] = ids
    }
}
