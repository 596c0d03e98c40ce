@testable import FlowCoachPlatforms
import FlowCoachCore
import FlowCoachHTTP
import Foundation
import Logging
import Testing

/// What an outgoing webhook or a slash command posts to `/mattermost/webhook` turns into.
@Suite struct MattermostWebhookTests {
    static let bot = "bot1234567890abcdefghijklm"
    static let ana = "ana1234567890abcdefghijklm"
    static let channel = "town1234567890abcdefghijkl"
    static let post = "post1234567890abcdefghijkl"
    let settings = MattermostSettings(
        serverURL: "http://127.0.0.1:1", botUserID: Self.bot, botTokenEnv: "T", ignoreUsers: ["otherbot7890abcdefghijklmn"])

    func form(_ fields: [(String, String)]) -> [UInt8] {
        let allowed = CharacterSet.alphanumerics
        return Array(fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&").utf8)
    }

    var outgoing: [(String, String)] {
        [
            ("token", "hook-secret"), ("team_id", "team1234567890abcdefghijkl"), ("team_domain", "acme"), ("channel_id", Self.channel),
            ("channel_name", "town-square"), ("timestamp", "1700000000000"), ("user_id", Self.ana), ("user_name", "ana"),
            ("post_id", Self.post), ("text", "@flowcoach: coach feedback please"), ("trigger_word", "@flowcoach"), ("file_ids", ""),
        ]
    }

    @Test func anOutgoingWebhookFormBecomesAChannelMessageWithoutItsTriggerWord() throws {
        let payload = try #require(MattermostWebhookPayload.parse(form(outgoing), contentType: "application/x-www-form-urlencoded"))
        #expect(payload.carries(oneOf: ["hook-secret"]))
        let inbound = try #require(payload.inbound(settings: settings, person: Person(id: Self.ana, displayName: "Ana Lima"), timeZone: "Europe/Lisbon"))
        #expect(inbound.eventID == Self.post && inbound.room == Self.channel && inbound.text == "coach feedback please")
        #expect(inbound.sender == Person(id: Self.ana, displayName: "Ana Lima") && inbound.shared == true && inbound.timeZone == "Europe/Lisbon")
    }

    @Test func theSameAsJSON() throws {
        var object: [String: Any] = [:]
        for (key, value) in outgoing { object[key] = value }
        object["timestamp"] = 1_700_000_000_000
        object["file_ids"] = ["x"]
        let body = [UInt8](try JSONSerialization.data(withJSONObject: object))
        let payload = try #require(MattermostWebhookPayload.parse(body, contentType: "application/json; charset=utf-8"))
        let inbound = try #require(payload.inbound(settings: settings, person: nil, timeZone: nil))
        #expect(inbound.text == "coach feedback please" && inbound.sender == Person(id: Self.ana, displayName: "ana"), "the webhook's name when no profile")
        #expect(payload.fields["timestamp"] == "1700000000000")
    }

    @Test func onlyAConfiguredTokenPasses() throws {
        let payload = try #require(MattermostWebhookPayload.parse(form(outgoing), contentType: nil))
        #expect(payload.carries(oneOf: ["other", "hook-secret"]), "any of several tokens (a webhook and a slash command)")
        #expect(!payload.carries(oneOf: ["hook-secreT"]) && !payload.carries(oneOf: ["hook-secret2"]) && !payload.carries(oneOf: []))
        let none = try #require(MattermostWebhookPayload.parse(form([("user_id", Self.ana)]), contentType: nil))
        #expect(!none.carries(oneOf: ["hook-secret"]) && !none.carries(oneOf: [""]), "no token never matches, not even an empty one")
        #expect(MattermostWebhookPayload.parse([0xFF, 0xFE], contentType: "application/x-www-form-urlencoded") == nil)
        #expect(MattermostWebhookPayload.parse(Array("{not json".utf8), contentType: "application/json") == nil)
    }

    @Test func aSlashCommandCarriesItsTextAndAOneTimeID() throws {
        let body = form([
            ("token", "cmd-secret"), ("channel_id", Self.channel), ("channel_name", "\(Self.ana)__\(Self.bot)"), ("command", "/coach"),
            ("text", "coach: feedback"), ("user_id", Self.ana), ("user_name", "ana"), ("trigger_id", "abc123"),
        ])
        let payload = try #require(MattermostWebhookPayload.parse(body, contentType: "application/x-www-form-urlencoded"))
        let inbound = try #require(payload.inbound(settings: settings, person: nil, timeZone: nil))
        #expect(inbound.eventID == "mmcmd:abc123" && inbound.text == "coach: feedback", "a command's text is kept whole")
        #expect(inbound.isDirect && inbound.room == Self.channel, "a slash command in the direct channel with the bot is a direct message")
        var elsewhere = payload
        elsewhere.fields["channel_name"] = "\(Self.ana)__ben1234567890abcdefghijklm"
        let aside = try #require(elsewhere.inbound(settings: settings, person: nil, timeZone: nil))
        #expect(aside.isDirect && aside.room == "@" + Self.ana, "typed in a conversation with someone else: answered in ana's direct channel with the bot")
    }

    @Test func theBotOtherBotsAndIncompletePayloadsAreNotMessages() throws {
        func inbound(_ change: (inout [(String, String)]) -> Void) -> Inbound? {
            var fields = outgoing
            change(&fields)
            return MattermostWebhookPayload.parse(form(fields), contentType: nil)?.inbound(settings: settings, person: nil, timeZone: nil)
        }
        #expect(inbound { $0[6].1 = Self.bot } == nil)
        #expect(inbound { $0[6].1 = "otherbot7890abcdefghijklmn" } == nil)
        #expect(inbound { $0[8].1 = "" } == nil, "no post id and no command: nothing to drop a repeat by")
        #expect(inbound { $0[4].1 = "x" } != nil)
        #expect(inbound { $0[3].1 = "../../etc" } == nil, "ids are Mattermost ids")
    }

    @Test func triggerWordsAreStrippedWhateverTheirCase() {
        func message(_ text: String, _ trigger: String?) -> String {
            MattermostWebhookPayload(fields: ["text": text, "trigger_word": trigger ?? ""]).message
        }
        #expect(message("COACH, help", "coach") == "help")
        #expect(message("  @flowcoach   what can you do?", "@flowcoach") == "what can you do?")
        #expect(message("coaching tips", "") == "coaching tips")
        #expect(message("help coach", "coach") == "help coach", "only at the start")
    }

    @Test func theEndpointRefusesAWrongTokenAndDeliversWithTheWebhooksNameWhenTheAPIIsDown() async throws {
        let loop = CurlLoop()
        defer { loop.shutdown() }
        let http = HTTPClient(loop: loop, logger: Logger(label: "test"))
        let adapter = MattermostAdapter(settings: settings, token: "t", webhookTokens: ["cmd-secret", "hook-secret"], http: http, logger: Logger(label: "test"))
        #expect(adapter.capabilities == PlatformCapabilities(threads: false, formatting: .markdown, maxLength: 16_383))
        #expect(MattermostAdapter(settings: settings, token: "t", http: http, logger: Logger(label: "test")).webhooks.isEmpty, "no token, no endpoint")
        let endpoint = try #require(adapter.webhooks.first)
        #expect(endpoint.path == "/mattermost/webhook" && endpoint.method == "POST" && endpoint.platform == "mattermost")
        func handle(_ fields: [(String, String)]) async -> WebhookOutcome {
            await endpoint.handle(
                WebhookRequest(path: endpoint.path, headers: ["Content-Type": "application/x-www-form-urlencoded"], body: form(fields)), Date())
        }
        var wrong = outgoing
        wrong[0].1 = "hook-secreT"
        guard case .refuse(let refusal, let reason) = await handle(wrong) else { Issue.record("a wrong token must be refused"); return }
        #expect(refusal.status == 401 && reason == "bad_token" && !refusal.body.contains("hook-secreT"))
        // The server at 127.0.0.1:1 refuses: the profile cannot be read, the webhook's name is used.
        guard case .deliver(let messages, let ack) = await handle(outgoing) else { Issue.record("a good request is delivered"); return }
        #expect(ack == .ok && ack.body == "{}")
        #expect(messages.map(\.text) == ["coach feedback please"] && messages.first?.sender == Person(id: Self.ana, displayName: "ana"))
        var fromBot = outgoing
        fromBot[6].1 = Self.bot
        guard case .answer(let answer) = await handle(fromBot) else { Issue.record("the bot's own post is answered, not delivered"); return }
        #expect(answer == .ok)
    }

    @Test func formDecoding() {
        #expect(MattermostWebhookPayload.form("a=1&b=x+y%21&c&a=2&=z") == ["a": "1", "b": "x y!", "c": ""])
    }
}
