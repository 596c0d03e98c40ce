@testable import FlowCoachPlatforms
import Foundation
import Testing

/// Every platform reads its secrets one way: the environment variable first, then the file,
/// which under systemd must be a credential; what it says names the places, never the secret.
@Suite struct SecretTests {
    static func directory() throws -> String {
        let path = NSTemporaryDirectory() + "flowcoach-secret-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func theEnvironmentComesFirstThenTheFile() throws {
        let dir = try Self.directory()
        try "  file-secret\n".write(toFile: dir + "/token", atomically: true, encoding: .utf8)
        let secret = Secret(env: "TOKEN", file: dir + "/token", keys: ("token_env", "token_file"), section: "zulip", credential: "zulip-api-key")
        #expect(try secret.value(environment: ["TOKEN": " env-secret "]) == "env-secret")
        #expect(try secret.value(environment: ["TOKEN": "  "]) == "file-secret")
        #expect(try secret.value(environment: [:]) == "file-secret")
        let missing = Secret(env: "TOKEN", file: dir + "/none", keys: ("token_env", "token_file"), section: "zulip", credential: "zulip-api-key")
        #expect(try missing.value(environment: [:]) == nil)
        #expect(missing.places == "looked in environment variable TOKEN and file \(dir)/none")
        #expect(Secret(env: nil, file: nil, keys: ("token_env", "token_file"), section: "zulip", credential: "x").places == "set token_env or token_file under zulip:")
    }

    @Test func underSystemdTheFileIsACredential() throws {
        let credentials = try Self.directory()
        try "cred-secret".write(toFile: credentials + "/slack-bot-token", atomically: true, encoding: .utf8)
        let named = Secret(env: nil, file: "slack-bot-token", keys: ("bot_token_env", "bot_token_file"), section: "slack", credential: "slack-bot-token")
        #expect(try named.value(environment: ["CREDENTIALS_DIRECTORY": credentials]) == "cred-secret")
        for outside in ["/etc/passwd", "../escape", credentials + "/../x"] {
            let secret = Secret(env: nil, file: outside, keys: ("bot_token_env", "bot_token_file"), section: "slack", credential: "slack-bot-token")
            #expect(throws: Secret.OutsideCredentials.self, "\(outside)") { try secret.value(environment: ["CREDENTIALS_DIRECTORY": credentials]) }
        }
    }

    @Test func eachPlatformSaysWhereItLookedAndNeverTheSecret() throws {
        let credentials = try Self.directory()
        let environment = ["CREDENTIALS_DIRECTORY": credentials]
        let zulip = ZulipSettings(site: "http://127.0.0.1:1", email: "bot@x", apiKeyEnv: "ZULIP_KEY", apiKeyFile: "zulip-api-key")
        #expect(throws: ZulipCredentialError.self) { try zulip.apiKey(environment: environment) }
        do {
            _ = try zulip.apiKey(environment: environment)
        } catch {
            #expect(error.description == "no Zulip API key: looked in environment variable ZULIP_KEY and file zulip-api-key")
        }
        #expect(try zulip.apiKey(environment: ["ZULIP_KEY": "sekret-value"]) == "sekret-value")
        let outside = ZulipSettings(site: "http://127.0.0.1:1", email: "bot@x", apiKeyFile: "/etc/zulip-key")
        do {
            _ = try outside.apiKey(environment: environment)
            Issue.record("a file outside the credentials was read")
        } catch {
            #expect(error.description.contains("api_key_file `/etc/zulip-key` is outside $CREDENTIALS_DIRECTORY"))
            #expect(error.description.contains("LoadCredential=zulip-api-key:/etc/flowcoach/zulip-api-key"))
        }
    }
}
