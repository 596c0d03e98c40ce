import FlowCoachContent
import FlowCoachPlatforms
import Foundation

extension MatrixSettings {
    static let keys = ["homeserver", "user_id", "access_token_env", "access_token_file", "ignore_users", "sync_timeout_ms", "mode", "hs_token_env", "hs_token_file"]

    /// Reads the `matrix:` section, reporting every problem at its position; nil without a
    /// homeserver or a user id. A token written into the file is refused, never read.
    static func read(_ section: ConfigSection) -> MatrixSettings? {
        section.rejectUnknownKeys(keys + ["access_token", "token"])
        let homeserver = section.string("homeserver", required: true)
        let userID = section.string("user_id", required: true)
        let tokenEnv = section.string("access_token_env")
        let tokenFile = section.string("access_token_file")
        let ignore = section.strings("ignore_users") ?? []
        let timeout = section.int("sync_timeout_ms")
        let mode = section.string("mode") ?? "sync"
        let hsTokenEnv = section.string("hs_token_env")
        let hsTokenFile = section.string("hs_token_file")
        if !["sync", "appservice"].contains(mode) {
            section.report("`mode` is `sync` (poll the homeserver) or `appservice` (it pushes to the listener)", at: "mode")
        } else if mode == "appservice", hsTokenEnv == nil, hsTokenFile == nil {
            section.report("`mode: appservice` needs `hs_token_env` or `hs_token_file`: the token the homeserver's pushes carry (the registration's hs_token)", at: "mode")
        } else if mode == "sync", hsTokenEnv != nil || hsTokenFile != nil {
            section.report("`hs_token_env`/`hs_token_file` are for `mode: appservice`; add it, or remove them", atKey: hsTokenEnv != nil ? "hs_token_env" : "hs_token_file")
        }
        if let homeserver, !(homeserver.hasPrefix("http://") || homeserver.hasPrefix("https://")) {
            section.report("`homeserver` must be an http:// or https:// URL", at: "homeserver")
        } else if let homeserver, homeserver.hasPrefix("http://"), !isLoopback(URLComponents(string: homeserver)?.host ?? "") {
            section.report(
                "`homeserver` uses plain http:// to another machine, so the access token and every message would cross the network unencrypted; use https://, or http://127.0.0.1 for a homeserver on this machine",
                at: "homeserver")
        }
        if let userID, !(userID.hasPrefix("@") && userID.contains(":")) {
            section.report("`user_id` must be a full Matrix id such as @flowcoach:example.org", at: "user_id")
        }
        if tokenEnv == nil && tokenFile == nil {
            section.report("`matrix` needs `access_token_env` or `access_token_file`; the token itself never goes in this file")
        }
        if section.has("access_token") || section.has("token") {
            section.report(
                "never put the access token in this file; use access_token_env or access_token_file",
                atKey: section.has("access_token") ? "access_token" : "token")
        }
        guard let homeserver, let userID else { return nil }
        var settings = MatrixSettings(
            homeserver: homeserver, userID: userID, accessTokenEnv: tokenEnv, accessTokenFile: tokenFile, ignoreUsers: ignore,
            syncTimeoutMs: timeout ?? 30_000)
        if mode == "appservice" { settings.appService = .init(hsTokenEnv: hsTokenEnv, hsTokenFile: hsTokenFile) }
        return settings
    }

    /// This machine: 127.0.0.0/8, ::1 or localhost.
    static func isLoopback(_ host: String) -> Bool {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        if bare == "localhost" || bare == "::1" { return true }
        let octets = bare.split(separator: ".", omittingEmptySubsequences: false).map { UInt8($0) }
        return octets.count == 4 && !octets.contains(nil) && octets[0] == 127
    }
}
