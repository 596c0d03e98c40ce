import FlowCoachContent
import FlowCoachPlatforms
import Foundation

extension SlackSettings {
    static let keys = [
        "api_base", "bot_token_env", "bot_token_file", "signing_secret_env", "signing_secret_file", "ignore_users", "heartbeat_seconds",
    ]
    /// Keys that would put a secret into the file: refused, never read.
    static let secretKeys = ["bot_token", "token", "signing_secret", "secret"]

    /// Reads the `slack:` section, reporting every problem at its position. The bot token and
    /// the signing secret are named (environment variable or credential file), never written here.
    static func read(_ section: ConfigSection) -> SlackSettings? {
        section.rejectUnknownKeys(keys + secretKeys)
        let apiBase = section.string("api_base") ?? SlackSettings.defaultAPIBase
        let tokenEnv = section.string("bot_token_env")
        let tokenFile = section.string("bot_token_file")
        let secretEnv = section.string("signing_secret_env")
        let secretFile = section.string("signing_secret_file")
        let ignore = section.strings("ignore_users") ?? []
        let heartbeat = section.int("heartbeat_seconds")
        var valid = true
        if !(apiBase.hasPrefix("http://") || apiBase.hasPrefix("https://")) {
            section.report("`api_base` must be an http:// or https:// URL (Slack's is https://slack.com/api)", at: "api_base")
            valid = false
        } else if apiBase.hasPrefix("http://"), !MatrixSettings.isLoopback(URLComponents(string: apiBase)?.host ?? "") {
            section.report(
                "`api_base` uses plain http:// to another machine, so the bot token and every message would cross the network unencrypted; use https://, or http://127.0.0.1 for an emulator on this machine",
                at: "api_base")
            valid = false
        }
        if tokenEnv == nil && tokenFile == nil {
            section.report("`slack` needs `bot_token_env` or `bot_token_file`; the token itself never goes in this file")
            valid = false
        }
        if secretEnv == nil && secretFile == nil {
            section.report("`slack` needs `signing_secret_env` or `signing_secret_file`, to check that requests come from Slack")
            valid = false
        }
        for key in secretKeys where section.has(key) {
            section.report(
                "never put a Slack secret in this file; use bot_token_env / bot_token_file and signing_secret_env / signing_secret_file",
                atKey: key)
            valid = false
        }
        for id in ignore where !isMemberID(id) {
            section.report("`\(id)` in `ignore_users` is not a Slack member id (such as U024BE7LH)", at: "ignore_users")
        }
        if let heartbeat, !(1...300).contains(heartbeat) {
            section.report("`heartbeat_seconds` must be between 1 and 300", at: "heartbeat_seconds")
        }
        guard valid else { return nil }
        return SlackSettings(
            apiBase: apiBase, botTokenEnv: tokenEnv, botTokenFile: tokenFile, signingSecretEnv: secretEnv, signingSecretFile: secretFile,
            ignoreUsers: ignore, heartbeatSeconds: heartbeat.map { min(max($0, 1), 300) } ?? 30)
    }

    /// A Slack member id: `U` or `W` and upper-case letters and digits.
    static func isMemberID(_ id: String) -> Bool {
        guard let first = id.first, first == "U" || first == "W", id.count >= 3 else { return false }
        return id.dropFirst().allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
    }
}
