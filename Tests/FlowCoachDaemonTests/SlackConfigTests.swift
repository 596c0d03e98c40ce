import FlowCoachContent
import FlowCoachCore
import FlowCoachDaemon
import FlowCoachPlatforms
import Foundation
import Testing

/// The `slack:` section of `Config/flowcoach.yaml`: read into `SlackSettings`, every problem at
/// its line and column, and no secret ever written in the file.
@Suite struct SlackConfigTests {
    func load(_ config: String) throws -> Result<PlatformConfig, ContentError> { try ConfigFixture.load(config) }
    func issues(_ config: String) throws -> [String] { try ConfigFixture.issues(config) }

    @Test func theSectionIsReadIntoSlackSettings() throws {
        let loaded = try load(
            "platform: slack\nadmins: [U024BE7LH]\nslack:\n  bot_token_env: SLACK_BOT_TOKEN\n  signing_secret_file: slack-signing-secret\n"
                + "  ignore_users: [U0OTHERBOT]\n  api_base: http://127.0.0.1:8765/api\n  heartbeat_seconds: 5\n")
        #expect(
            try loaded.get().slack
                == SlackSettings(
                    apiBase: "http://127.0.0.1:8765/api", botTokenEnv: "SLACK_BOT_TOKEN", signingSecretFile: "slack-signing-secret",
                    ignoreUsers: ["U0OTHERBOT"], heartbeatSeconds: 5))
        #expect(try load("platform: slack\nslack:\n  bot_token_file: t\n  signing_secret_env: S\n").get().slack?.apiBase == "https://slack.com/api")
    }

    @Test(arguments: [
        ("http://slack.com/api", false), ("http://10.0.0.5:8080/api", false), ("http://127.0.0.1:8080/api", true),
        ("http://localhost:8080/api", true), ("https://slack.com/api", true), ("http://127.evil.org/api", false),
    ])
    func plainHTTPOnlyToThisMachine(_ base: String, _ accepted: Bool) throws {
        let issues = try issues("platform: slack\nslack:\n  api_base: \"\(base)\"\n  bot_token_env: T\n  signing_secret_env: S\n")
        #expect(issues.isEmpty == accepted, "\(issues)")
        if !accepted { #expect(issues.first?.hasPrefix("5:13: ") == true && issues.first?.contains("unencrypted") == true, "\(issues)") }
    }

    @Test func everyProblemInTheSectionHasItsPosition() throws {
        #expect(
            try issues(
                "platform: slack\nadmins: [\"@ana:example.org\"]\nslack:\n  api_base: ftp://x\n  bot_token: xoxb-123\n  signing_secret: abc\n"
                    + "  ignore_users: [ana]\n  heartbeat_seconds: 0\n  bot_tokn_env: X\n") == [
                    "4:10: `@ana:example.org` is not a Slack member id; write the id such as U024BE7LH (in Slack: the person's profile, ⋮, Copy member ID), not their @name",
                    "6:3: `slack` needs `bot_token_env` or `bot_token_file`; the token itself never goes in this file",
                    "6:3: `slack` needs `signing_secret_env` or `signing_secret_file`, to check that requests come from Slack",
                    "6:13: `api_base` must be an http:// or https:// URL (Slack's is https://slack.com/api)",
                    "7:3: never put a Slack secret in this file; use bot_token_env / bot_token_file and signing_secret_env / signing_secret_file",
                    "8:3: never put a Slack secret in this file; use bot_token_env / bot_token_file and signing_secret_env / signing_secret_file",
                    "9:17: `ana` in `ignore_users` is not a Slack member id (such as U024BE7LH)",
                    "10:22: `heartbeat_seconds` must be between 1 and 300",
                    "11:3: unknown key `bot_tokn_env` in `slack` (did you mean `bot_token_env`?)",
                ])
        #expect(
            try issues("platform: slack\n") == [
                "3:11: `platform: slack` needs a `slack:` section (bot_token_env or bot_token_file, signing_secret_env or signing_secret_file)"
            ])
    }
}
