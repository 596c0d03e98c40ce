import FlowCoachContent
import FlowCoachDaemon
import FlowCoachPlatforms
import Foundation
import Testing

/// The `zulip:` section of `Config/flowcoach.yaml` and the ids of Zulip people in it, checked by
/// `flowcoach validate` with every other problem, at their line and column.
@Suite struct ZulipConfigTests {
    func load(_ config: String) throws -> Result<PlatformConfig, ContentError> { try ConfigFixture.load(config) }
    func issues(_ config: String) throws -> [String] { try ConfigFixture.issues(config) }

    @Test func theSectionIsReadIntoZulipSettings() throws {
        let loaded = try load(
            "platform: zulip\nadmins: [\"zulip:42\"]\nzulip:\n  site: https://chat.example.org\n  email: flowcoach-bot@chat.example.org\n"
                + "  api_key_file: zulip-api-key\n  ignore_users: [\"zulip:77\", \"otherbot@chat.example.org\"]\n")
        #expect(
            try loaded.get().zulip
                == ZulipSettings(
                    site: "https://chat.example.org", email: "flowcoach-bot@chat.example.org", apiKeyFile: "zulip-api-key",
                    ignoreUsers: ["zulip:77", "otherbot@chat.example.org"]))
    }

    @Test(arguments: [
        ("http://chat.example.org", false), ("http://10.0.0.5:9991", false), ("http://127.0.0.1:9991", true), ("http://localhost:9991", true),
        ("https://chat.example.org", true),
    ])
    func plainHTTPOnlyToThisMachine(_ site: String, _ accepted: Bool) throws {
        let issues = try issues("platform: zulip\nzulip:\n  site: \"\(site)\"\n  email: bot@x.org\n  api_key_env: ZULIP_KEY\n")
        #expect(issues.isEmpty == accepted, "\(issues)")
        if !accepted { #expect(issues.first?.contains("unencrypted") == true) }
    }

    @Test func everyProblemInTheSectionHasItsPosition() throws {
        #expect(
            try issues("platform: zulip\nzulip:\n  site: chat.example.org\n  email: flowcoach\n  api_key: abc\n  ignore_users: [bob]\n  emial: x\n") == [
                "5:3: `zulip` needs `api_key_env` or `api_key_file`; the API key itself never goes in this file",
                "5:9: `site` must be an http:// or https:// URL, e.g. https://chat.example.org",
                "6:10: `email` must be the bot's email address (its user name for the API), e.g. flowcoach-bot@chat.example.org",
                "7:3: never put the API key in this file; use api_key_env or api_key_file",
                "8:17: `ignore_users` takes `zulip:<user id>` or an email address; `bob` is neither",
                "9:3: unknown key `emial` in `zulip` (did you mean `email`?)",
            ])
        #expect(try issues("platform: zulip\n") == ["3:11: `platform: zulip` needs a `zulip:` section (site, email, api_key_env or api_key_file)"])
    }

    @Test func adminsAreZulipPersonIDs() throws {
        let issues = try issues(
            "platform: zulip\nadmins: [\"zulip:42\", ana@example.org, \"@ana:example.org\"]\nzulip:\n  site: https://z.x\n  email: bot@x.org\n  api_key_env: K\n")
        #expect(issues.count == 2)
        #expect(issues.allSatisfy { $0.contains("is not a Zulip person id; write `zulip:<user id>`") }, "\(issues)")
    }

    @Test func theAPIKeyComesFromTheEnvironmentOrACredentialNeverFromElsewhere() throws {
        let settings = ZulipSettings(site: "https://z.x", email: "bot@x.org", apiKeyEnv: "ZULIP_KEY", apiKeyFile: "zulip-api-key")
        #expect(try settings.apiKey(environment: ["ZULIP_KEY": " secret \n"]) == "secret")
        let directory = NSTemporaryDirectory() + "flowcoach-credentials-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "from-file\n".write(toFile: directory + "/zulip-api-key", atomically: true, encoding: .utf8)
        #expect(try settings.apiKey(environment: ["CREDENTIALS_DIRECTORY": directory]) == "from-file")
        let outside = ZulipSettings(site: "https://z.x", email: "bot@x.org", apiKeyFile: "/etc/passwd")
        #expect(throws: ZulipCredentialError.self) { try outside.apiKey(environment: ["CREDENTIALS_DIRECTORY": directory]) }
        #expect(throws: ZulipCredentialError.self) { try settings.apiKey(environment: [:]) }
    }
}
