@testable import FlowCoachPlatforms
import FlowCoachHTTP
import Foundation
import Testing

/// Where the Slack secrets come from, and what Slack's answers mean to the daemon.
@Suite struct SlackSettingsTests {
    @Test func secretsComeFromTheEnvironmentOrACredentialFile() throws {
        let directory = NSTemporaryDirectory() + "flowcoach-slack-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "xoxb-from-file\n".write(toFile: directory + "/slack-bot-token", atomically: true, encoding: .utf8)
        let settings = SlackSettings(botTokenEnv: "BOT", botTokenFile: "slack-bot-token", signingSecretEnv: "SIGNING")
        #expect(try settings.botToken(environment: ["BOT": " xoxb-env \n"]) == "xoxb-env")
        #expect(try settings.botToken(environment: ["BOT": "", "CREDENTIALS_DIRECTORY": directory]) == "xoxb-from-file")
        #expect(try settings.signingSecret(environment: ["SIGNING": "s3cret"]) == "s3cret")
        do {
            _ = try settings.signingSecret(environment: [:])
            Issue.record("a missing secret is an error")
        } catch {
            #expect(error.description == "no Slack signing secret: looked in environment variable SIGNING")
        }
        let outside = SlackSettings(botTokenFile: "/etc/passwd")
        #expect(throws: SlackSettings.MissingSecret.self) { try outside.botToken(environment: ["CREDENTIALS_DIRECTORY": directory]) }
    }

    @Test func slacksErrorsSayWhatTheDaemonShouldDo() throws {
        func rejected(_ status: Int, _ body: String, headers: [String: String] = [:]) -> PlatformError? {
            do {
                _ = try SlackAPI.check(ClientResponse(status: status, headers: headers, body: Array(body.utf8)))
                return nil
            } catch {
                return error
            }
        }
        #expect(rejected(200, #"{"ok":true,"ts":"1.1"}"#) == nil)
        #expect(rejected(200, #"{"ok":false,"error":"invalid_auth"}"#)?.refusesCredentials == true)
        #expect(rejected(200, #"{"ok":false,"error":"token_revoked"}"#)?.isUnauthorized == true)
        #expect(rejected(200, #"{"ok":false,"error":"channel_not_found"}"#).map { !$0.isTransient && !$0.refusesCredentials } == true)
        #expect(rejected(200, #"{"ok":false,"error":"ratelimited"}"#)?.isTransient == true)
        #expect(rejected(200, #"{"ok":false,"error":"internal_error"}"#)?.isTransient == true)
        #expect(rejected(429, "")?.isTransient == true && rejected(503, "down")?.isTransient == true)
        #expect(rejected(200, #"{"ok":false,"error":"missing_scope","needed":"im:history"}"#)?.description.contains("im:history") == true)
        if case .malformed = rejected(200, "<html>") {} else { Issue.record("an answer that is not Slack's JSON is malformed") }
        #expect(SlackAPI.retryAfter(ClientResponse(status: 429, headers: ["retry-after": "7"])) == 7)
        #expect(SlackAPI.retryAfter(ClientResponse(status: 429)) == 1 && SlackAPI.retryAfter(ClientResponse(status: 429, headers: ["retry-after": "99999"])) == 300)
    }

    @Test func historyFindsTheCoachsRepliesByTheirMetadata() throws {
        let body = #"""
            {"ok":true,"messages":[
              {"type":"message","user":"UBOT","bot_id":"B1","text":"hi","ts":"3.0","metadata":{"event_type":"flowcoach_reply","event_payload":{"reply_id":"r2"}}},
              {"type":"message","user":"U1","text":"hello","ts":"2.0"},
              {"type":"message","bot_id":"B9","text":"other app","ts":"1.5","metadata":{"event_type":"deploy","event_payload":{"count":3,"ok":true}}},
              {"type":"message","user":"UBOT","text":"older","ts":"1.0","metadata":{"event_type":"flowcoach_reply","event_payload":{"reply_id":"r1.part2"}}}
            ]}
            """#
        let history = try SlackAPI.decode(SlackAnswer.Messages.self, Array(body.utf8))
        #expect(history.messages.compactMap(\.replyID) == ["r2", "r1.part2"])
        let user = #"{"ok":true,"user":{"id":"U1","name":"ana","real_name":"Ana Ruiz","tz":"Europe/Berlin","profile":{"display_name":"","real_name":"Ana Ruiz"}}}"#
        let info = try SlackAPI.decode(SlackAnswer.UserInfo.self, Array(user.utf8)).user
        #expect(info.shownName == "Ana Ruiz" && info.tz == "Europe/Berlin" && info.isBot == nil)
    }
}
