import FlowCoachContent
import FlowCoachPlatforms
import Foundation

extension MattermostSettings {
    static let keys = [
        "server_url", "bot_user_id", "bot_token_env", "bot_token_file", "webhook_token_env", "webhook_token_file", "ignore_users",
        "poll_interval_ms",
    ]
    /// Keys that would hold a secret in the file: refused, never read.
    static let secretKeys = ["token", "bot_token", "access_token", "webhook_token"]

    /// Reads the `mattermost:` section, reporting every problem at its position; nil without a
    /// server URL or a bot user id. A token written into the file is refused, never read.
    static func read(_ section: ConfigSection) -> MattermostSettings? {
        section.rejectUnknownKeys(keys + secretKeys)
        let server = section.string("server_url", required: true)
        let bot = section.string("bot_user_id", required: true)
        let botTokenEnv = section.string("bot_token_env")
        let botTokenFile = section.string("bot_token_file")
        let webhookTokenEnv = section.string("webhook_token_env")
        let webhookTokenFile = section.string("webhook_token_file")
        let ignore = section.strings("ignore_users") ?? []
        let interval = section.int("poll_interval_ms")
        if let server, !(server.hasPrefix("http://") || server.hasPrefix("https://")) {
            section.report("`server_url` must be an http:// or https:// URL", at: "server_url")
        } else if let server, server.hasPrefix("http://"), !MatrixSettings.isLoopback(URLComponents(string: server)?.host ?? "") {
            section.report(
                "`server_url` uses plain http:// to another machine, so the bot's token and every message would cross the network unencrypted; use https://, or http://127.0.0.1 for a server on this machine",
                at: "server_url")
        }
        if let bot, !isID(bot) {
            section.report(
                "`bot_user_id` must be the bot account's user id: 26 lower-case letters and digits (System Console > Integrations > Bot Accounts, or `mmctl user search NAME`), not its name",
                at: "bot_user_id")
        }
        for user in ignore where !isID(user) {
            section.report("`ignore_users` holds user ids (26 lower-case letters and digits); `\(user)` is not one", at: "ignore_users")
        }
        if botTokenEnv == nil && botTokenFile == nil {
            section.report("`mattermost` needs `bot_token_env` or `bot_token_file`; the token itself never goes in this file")
        }
        if let interval, !(200...60_000).contains(interval) {
            section.report("`poll_interval_ms` must be between 200 and 60000", at: "poll_interval_ms")
        }
        for key in secretKeys where section.has(key) {
            section.report("never put a token in this file; use bot_token_env/bot_token_file or webhook_token_env/webhook_token_file", atKey: key)
        }
        guard let server, let bot else { return nil }
        return MattermostSettings(
            serverURL: server, botUserID: bot, botTokenEnv: botTokenEnv, botTokenFile: botTokenFile, webhookTokenEnv: webhookTokenEnv,
            webhookTokenFile: webhookTokenFile, ignoreUsers: ignore, pollIntervalMs: interval.map { min(max($0, 200), 60_000) } ?? 2_000)
    }
}
