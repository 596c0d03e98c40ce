import FlowCoachContent
import FlowCoachPlatforms
import Foundation

extension ZulipSettings {
    static let keys = ["site", "email", "api_key_env", "api_key_file", "ignore_users"]

    /// Reads the `zulip:` section, reporting every problem at its position; nil without a site or
    /// the bot's email. An API key written into the file is refused, never read.
    static func read(_ section: ConfigSection) -> ZulipSettings? {
        section.rejectUnknownKeys(keys + ["api_key", "key", "token"])
        let site = section.string("site", required: true)
        let email = section.string("email", required: true)
        let keyEnv = section.string("api_key_env")
        let keyFile = section.string("api_key_file")
        let ignore = section.strings("ignore_users") ?? []
        if let site, !(site.hasPrefix("http://") || site.hasPrefix("https://")) {
            section.report("`site` must be an http:// or https:// URL, e.g. https://chat.example.org", at: "site")
        } else if let site, site.hasPrefix("http://"), !MatrixSettings.isLoopback(URLComponents(string: site)?.host ?? "") {
            section.report(
                "`site` uses plain http:// to another machine, so the API key and every message would cross the network unencrypted; use https://, or http://127.0.0.1 for a Zulip server on this machine",
                at: "site")
        }
        if let email, !(email.contains("@") && !email.hasPrefix("@") && !email.hasSuffix("@")) {
            section.report("`email` must be the bot's email address (its user name for the API), e.g. flowcoach-bot@chat.example.org", at: "email")
        }
        for entry in ignore where !(entry.contains("@") || isPersonID(entry)) {
            section.report("`ignore_users` takes `zulip:<user id>` or an email address; `\(entry)` is neither", at: "ignore_users")
        }
        if keyEnv == nil && keyFile == nil {
            section.report("`zulip` needs `api_key_env` or `api_key_file`; the API key itself never goes in this file")
        }
        for key in ["api_key", "key", "token"] where section.has(key) {
            section.report("never put the API key in this file; use api_key_env or api_key_file", atKey: key)
        }
        guard let site, let email else { return nil }
        return ZulipSettings(site: site, email: email, apiKeyEnv: keyEnv, apiKeyFile: keyFile, ignoreUsers: ignore)
    }

    /// `zulip:<user id>`, the form of a Zulip person's id.
    static func isPersonID(_ id: String) -> Bool {
        guard id.hasPrefix("zulip:") else { return false }
        let number = id.dropFirst(6)
        return !number.isEmpty && number.count <= 12 && number.allSatisfy { $0.isASCII && $0.isNumber }
    }
}
