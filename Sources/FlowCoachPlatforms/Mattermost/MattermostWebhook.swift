import FlowCoachCore
import Foundation

/// What an outgoing webhook or a slash command posts to `/mattermost/webhook`, as a form
/// (`application/x-www-form-urlencoded`, the default) or as JSON. Mattermost signs nothing and
/// sends no timestamp: the token is the only proof the request comes from the server, so it is
/// compared in constant time before anything else of the request is used.
struct MattermostWebhookPayload: Equatable, Sendable {
    var fields: [String: String]

    var token: String? { fields["token"] }
    var channelID: String? { fields["channel_id"] }
    var channelName: String? { fields["channel_name"] }
    var userID: String? { fields["user_id"] }
    var userName: String? { fields["user_name"] }
    /// The post that fired an outgoing webhook (a slash command makes no post).
    var postID: String? { fields["post_id"] }
    var text: String { fields["text"] ?? "" }
    var triggerWord: String? { fields["trigger_word"] }
    /// A slash command's command (`/coach`) and its one-time id.
    var command: String? { fields["command"] }
    var triggerID: String? { fields["trigger_id"] }

    /// Reads the body by its content type; nil when it cannot be read at all.
    static func parse(_ body: [UInt8], contentType: String?) -> MattermostWebhookPayload? {
        let type = (contentType ?? "").lowercased()
        if type.contains("json") || (!type.contains("form") && body.first == UInt8(ascii: "{")) {
            guard let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else { return nil }
            var fields: [String: String] = [:]
            for (key, value) in object {
                switch value {
                case let text as String: fields[key] = text
                case let number as NSNumber: fields[key] = number.stringValue
                default: continue
                }
            }
            return MattermostWebhookPayload(fields: fields)
        }
        guard let text = String(validating: body, as: UTF8.self) else { return nil }
        return MattermostWebhookPayload(fields: form(text))
    }

    /// `a=1&b=x+y%21` as fields (the first of a repeated name wins).
    static func form(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decodeForm(parts[0]), !name.isEmpty, fields[name] == nil else { continue }
            fields[name] = parts.count > 1 ? decodeForm(parts[1]) ?? "" : ""
        }
        return fields
    }

    private static func decodeForm(_ part: Substring) -> String? {
        part.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    /// True when the payload's token is one of `tokens`. Every configured token is compared, each
    /// in time that depends only on the lengths, so the answer's timing tells nothing.
    func carries(oneOf tokens: [String]) -> Bool {
        guard let token, !token.isEmpty else { return false }
        var matched = false
        for expected in tokens where WebhookSecurity.equal(token, expected) { matched = true }
        return matched
    }

    /// The message the payload carries for the coach: nil when it is from the bot or an ignored
    /// user, or lacks what a message needs. `person` is the sender as the profile names them.
    /// A slash command typed in a direct conversation with someone else, where the bot cannot
    /// post, is answered in the sender's direct channel with the bot (`@<user id>`).
    func inbound(settings: MattermostSettings, person: Person?, timeZone: String?) -> Inbound? {
        guard let userID, MattermostSettings.isID(userID), let channelID, MattermostSettings.isID(channelID),
            userID != settings.botUserID, !settings.ignoreUsers.contains(userID), let eventID
        else { return nil }
        let sender = person ?? Person(id: userID, displayName: userName.flatMap { $0.isEmpty ? nil : $0 } ?? userID)
        let withBot = channelName?.components(separatedBy: "__").contains(settings.botUserID) == true
        let room = isDirectChannel && !withBot ? "@" + userID : channelID
        var inbound = Inbound(eventID: eventID, sender: sender, room: room, text: message, shared: isDirectChannel ? nil : true)
        inbound.timeZone = timeZone
        return inbound
    }

    /// The id the coach drops a repeat by: the post's id, or a slash command's one-time id.
    var eventID: String? {
        if let postID, MattermostSettings.isID(postID) { return postID }
        if command != nil, let triggerID, !triggerID.isEmpty { return "mmcmd:" + String(triggerID.prefix(200)) }
        return nil
    }

    /// A direct channel's name is its members' ids joined by `__` (a slash command can come from one).
    var isDirectChannel: Bool {
        guard let name = channelName else { return false }
        let parts = name.components(separatedBy: "__")
        return parts.count == 2 && parts.allSatisfy(MattermostSettings.isID)
    }

    /// The text without the trigger word that fired the webhook ("coach: help", "@flowcoach help"
    /// → "help"); a slash command's text already comes without its command.
    var message: String {
        var text = self.text.trimmingCharacters(in: .whitespacesAndNewlines)
        if command == nil, let trigger = triggerWord?.trimmingCharacters(in: .whitespaces), !trigger.isEmpty,
            let found = text.range(of: trigger, options: [.caseInsensitive, .anchored])
        {
            text = String(text[found.upperBound...].drop { $0 == ":" || $0 == "," || $0.isWhitespace })
        }
        return text
    }
}
