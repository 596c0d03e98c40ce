import Foundation

/// How to reach the Zulip server, from the `zulip:` section of `Config/flowcoach.yaml` (the
/// daemon's `PlatformConfig` reads it; the core and the content loader never see it).
public struct ZulipSettings: Sendable, Equatable {
    /// The organisation's URL, e.g. `https://chat.example.org`.
    public var site: String
    /// The bot's email address, its user name for HTTP basic auth (`flowcoach-bot@chat.example.org`).
    public var email: String
    /// The environment variable holding the bot's API key (checked first).
    public var apiKeyEnv: String?
    /// A file holding the API key: absolute, or relative to `$CREDENTIALS_DIRECTORY` (systemd `LoadCredential=`).
    public var apiKeyFile: String?
    /// People whose messages are never answered (other bots): `zulip:<user id>` or their email.
    public var ignoreUsers: [String]

    public init(site: String, email: String, apiKeyEnv: String? = nil, apiKeyFile: String? = nil, ignoreUsers: [String] = []) {
        self.site = site
        self.email = email
        self.apiKeyEnv = apiKeyEnv
        self.apiKeyFile = apiKeyFile
        self.ignoreUsers = ignoreUsers
    }
}

extension ZulipSettings {
    /// Reads the API key from the environment or the credential file; the error says where it looked.
    public func apiKey(environment: [String: String] = ProcessInfo.processInfo.environment) throws(ZulipCredentialError) -> String {
        let secret = Secret(env: apiKeyEnv, file: apiKeyFile, keys: ("api_key_env", "api_key_file"), section: "zulip", credential: "zulip-api-key")
        do {
            if let value = try secret.value(environment: environment) { return value }
        } catch {
            throw ZulipCredentialError(detail: error.message)
        }
        throw ZulipCredentialError(detail: secret.places)
    }

    /// True when `person` (`zulip:<id>`) or `email` is on the ignore list.
    func ignores(userID: Int, email: String?) -> Bool {
        ignoreUsers.contains { entry in
            entry == ZulipAdapter.personID(userID) || (email.map { entry.caseInsensitiveCompare($0) == .orderedSame } ?? false)
        }
    }
}

/// The API key could not be found; says where flowcoach looked (never the key itself).
public struct ZulipCredentialError: Error, Sendable, CustomStringConvertible {
    public var detail: String
    public var description: String { "no Zulip API key: \(detail)" }
}
