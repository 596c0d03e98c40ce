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
        if let name = apiKeyEnv, let value = environment[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty {
            return value
        }
        if let file = apiKeyFile {
            let path = try Self.keyPath(file, credentials: environment["CREDENTIALS_DIRECTORY"])
            if let text = try? String(contentsOfFile: path, encoding: .utf8) {
                let key = text.trimmingCharacters(in: .whitespacesAndNewlines)
                if !key.isEmpty { return key }
            }
        }
        let places = [apiKeyEnv.map { "environment variable \($0)" }, apiKeyFile.map { "file \($0)" }].compactMap { $0 }
        throw ZulipCredentialError(detail: places.isEmpty ? "set api_key_env or api_key_file under zulip:" : "looked in " + places.joined(separator: " and "))
    }

    /// Where `api_key_file` points. Under systemd (`$CREDENTIALS_DIRECTORY` set) it names a
    /// credential: relative to that directory and never outside it.
    static func keyPath(_ file: String, credentials: String?) throws(ZulipCredentialError) -> String {
        guard let credentials, !credentials.isEmpty else { return file }
        let base = (credentials as NSString).standardizingPath
        let path = ((file.hasPrefix("/") ? file : base + "/" + file) as NSString).standardizingPath
        guard path.hasPrefix(base + "/") else {
            throw ZulipCredentialError(
                detail: "api_key_file `\(file)` is outside $CREDENTIALS_DIRECTORY (\(credentials)); name the credential instead, e.g. `zulip-api-key` for LoadCredential=zulip-api-key:/etc/flowcoach/zulip-api-key")
        }
        return path
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
