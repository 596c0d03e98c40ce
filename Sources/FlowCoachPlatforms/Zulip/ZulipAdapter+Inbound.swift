import FlowCoachCore
import Foundation

extension ZulipAdapter {
    /// The person id flowcoach uses for a Zulip user: `zulip:<user id>`. Admin and role ids in
    /// `Config/flowcoach.yaml` are written the same way.
    public static func personID(_ userID: Int) -> String { "zulip:\(userID)" }

    /// The event id of a message, which keys the coach's replies to it (`zulip:msg:<id>.reply`).
    static func eventID(_ messageID: Int) -> String { "zulip:msg:\(messageID)" }

    /// The message a reply answers, read from its id (`zulip:msg:1234.reply` → 1234); nil for a
    /// reply that answers no message (a nudge, a follow-up).
    static func answeredMessage(_ replyID: String) -> Int? {
        let prefix = "zulip:msg:"
        guard replyID.hasPrefix(prefix) else { return nil }
        return Int(replyID.dropFirst(prefix.count).prefix { $0.isASCII && $0.isNumber })
    }

    /// The message `message` carries for the coach, or nil when it carries none: from the bot
    /// itself or an ignored user, or in a stream or group conversation without a mention of the
    /// bot (a wildcard such as `@**all**` does not count). The mention is taken out of the text.
    static func inbound(_ message: ZulipMessage, flags: [String], bot: ZulipOwnUser, settings: ZulipSettings) -> Inbound? {
        guard message.senderID != bot.userID, !settings.ignores(userID: message.senderID, email: message.senderEmail) else { return nil }
        let room: ZulipRoom
        let shared: Bool
        if message.isDirect {
            var others = Set(message.recipients.map(\.id))
            others.remove(bot.userID)
            others.insert(message.senderID)
            room = .direct(others.sorted())
            shared = others.count > 1
        } else if message.type == "stream", let stream = message.streamID, let topic = message.topic, !topic.isEmpty {
            room = .stream(id: stream, topic: topic)
            shared = true
        } else {
            return nil
        }
        let mentioned = flags.contains("mentioned") || !mentions(of: bot, in: message.content).isEmpty
        guard !shared || mentioned else { return nil }
        let name = message.senderFullName.isEmpty ? personID(message.senderID) : message.senderFullName
        return Inbound(
            eventID: eventID(message.id), sender: Person(id: personID(message.senderID), displayName: name), room: room.id,
            text: strippingMentions(of: bot, from: message.content), shared: shared ? true : nil)
    }

    /// The ranges of `text` that mention the bot: `@**Name**`, `@**Name|id**` and their silent
    /// forms `@_**…**`, where Name is the bot's full name (any name with its id counts, as the bot
    /// may have been renamed).
    static func mentions(of bot: ZulipOwnUser, in text: String) -> [Range<String.Index>] {
        var found: [Range<String.Index>] = []
        var rest = text.startIndex
        while let at = text[rest...].firstIndex(of: "@") {
            var open = text.index(after: at)
            if open < text.endIndex, text[open] == "_" { open = text.index(after: open) }
            guard text[open...].hasPrefix("**") else {
                rest = text.index(after: at)
                continue
            }
            let nameStart = text.index(open, offsetBy: 2)
            guard let close = text[nameStart...].range(of: "**") else { break }
            let name = text[nameStart..<close.lowerBound]
            if name.caseInsensitiveCompare(bot.fullName) == .orderedSame || name.hasSuffix("|\(bot.userID)") {
                found.append(at..<close.upperBound)
            }
            rest = close.upperBound
        }
        return found
    }

    /// "@**Coach** help", "@**Coach|9**: help" or "help @_**Coach**" → "help"; "thanks
    /// @**Coach**, that helped" → "thanks, that helped".
    static func strippingMentions(of bot: ZulipOwnUser, from text: String) -> String {
        var stripped = text
        for range in mentions(of: bot, in: text).reversed() {
            var cut = range
            // The space before a mention goes with it when a space or a punctuation mark follows.
            if cut.lowerBound > stripped.startIndex, stripped[stripped.index(before: cut.lowerBound)] == " ",
                cut.upperBound == stripped.endIndex || " ,.;:!?".contains(stripped[cut.upperBound])
            {
                cut = stripped.index(before: cut.lowerBound)..<cut.upperBound
            }
            stripped.removeSubrange(cut)
        }
        stripped = stripped.trimmingCharacters(in: .whitespacesAndNewlines)
        return String(stripped.drop { $0 == ":" || $0 == "," || $0 == " " })
    }
}
