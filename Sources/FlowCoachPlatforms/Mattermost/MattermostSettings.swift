import Foundation

/// How to reach the Mattermost server, from the `mattermost:` section of `Config/flowcoach.yaml`
/// (the daemon's `PlatformConfig` reads it; the core and the content loader never see it).
public struct MattermostSettings: Sendable, Equatable {
    /// e.g. `https://chat.example.org` (plain http only to this machine).
    public var serverURL: String
    /// The bot account's user id: 26 lower-case letters and digits.
    public var botUserID: String
    /// The environment variable holding the bot's access token (checked first).
    public var botTokenEnv: String?
    /// A file holding the bot's access token: absolute, or relative to `$CREDENTIALS_DIRECTORY`.
    public var botTokenFile: String?
    /// The environment variable holding the token(s) of the outgoing webhook or slash command
    /// that posts to `/mattermost/webhook` (several separated by commas or spaces). Without a
    /// webhook token the endpoint is not served and only direct messages reach the coach.
    public var webhookTokenEnv: String?
    /// A file holding the webhook token(s), like `bot_token_file`.
    public var webhookTokenFile: String?
    /// User ids whose messages are never answered (other bots).
    public var ignoreUsers: [String]
    /// How long to wait between two looks at the bot's direct channels, in milliseconds.
    public var pollIntervalMs: Int

    public init(
        serverURL: String, botUserID: String, botTokenEnv: String? = nil, botTokenFile: String? = nil, webhookTokenEnv: String? = nil,
        webhookTokenFile: String? = nil, ignoreUsers: [String] = [], pollIntervalMs: Int = 2_000
    ) {
        self.serverURL = serverURL
        self.botUserID = botUserID
        self.botTokenEnv = botTokenEnv
        self.botTokenFile = botTokenFile
        self.webhookTokenEnv = webhookTokenEnv
        self.webhookTokenFile = webhookTokenFile
        self.ignoreUsers = ignoreUsers
        self.pollIntervalMs = pollIntervalMs
    }

    /// The path the outgoing webhook or slash command posts to on the listener.
    public static let webhookPath = "/mattermost/webhook"

    /// True for a Mattermost id: 26 lower-case letters and digits (users, channels, posts).
    public static func isID(_ text: some StringProtocol) -> Bool {
        text.utf8.count == 26 && text.utf8.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }
}

extension MattermostSettings {
    /// The bot's access token, from the environment or the credential file; the error says where it looked.
    public func botToken(environment: [String: String] = ProcessInfo.processInfo.environment) throws(MattermostCredentialError) -> String {
        let secret = Secret(env: botTokenEnv, file: botTokenFile, keys: ("bot_token_env", "bot_token_file"), section: "mattermost", credential: "mattermost-token")
        guard let token = try Self.read(secret, environment: environment) else {
            throw MattermostCredentialError(detail: "no bot access token: " + secret.places)
        }
        return token
    }

    /// The tokens a webhook request may carry; empty when none is configured (no webhook
    /// endpoint). A configured place that holds nothing is an error, not "no webhook".
    public func webhookTokens(environment: [String: String] = ProcessInfo.processInfo.environment) throws(MattermostCredentialError) -> [String] {
        guard webhookTokenEnv != nil || webhookTokenFile != nil else { return [] }
        let secret = Secret(
            env: webhookTokenEnv, file: webhookTokenFile, keys: ("webhook_token_env", "webhook_token_file"), section: "mattermost", credential: "mattermost-token")
        guard let text = try Self.read(secret, environment: environment) else {
            throw MattermostCredentialError(detail: "no webhook token: " + secret.places)
        }
        return text.split { $0 == "," || $0.isWhitespace }.map(String.init)
    }

    private static func read(_ secret: Secret, environment: [String: String]) throws(MattermostCredentialError) -> String? {
        do {
            return try secret.value(environment: environment)
        } catch {
            throw MattermostCredentialError(detail: error.message)
        }
    }
}

/// A Mattermost secret could not be found; says where flowcoach looked (never the secret itself).
public struct MattermostCredentialError: Error, Sendable, CustomStringConvertible {
    public var detail: String
    public var description: String { "Mattermost: \(detail)" }
}
