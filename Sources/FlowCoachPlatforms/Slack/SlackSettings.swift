import Foundation

/// How to reach Slack, from the `slack:` section of `Config/flowcoach.yaml` (the daemon's
/// `PlatformConfig` reads it). The bot token and the signing secret never live in that file: it
/// names the environment variables or credential files that hold them.
public struct SlackSettings: Sendable, Equatable {
    public static let defaultAPIBase = "https://slack.com/api"

    /// The Web API's base URL; another one only for a Slack emulator on this machine.
    public var apiBase: String
    /// The environment variable holding the bot token (`xoxb-…`), checked first.
    public var botTokenEnv: String?
    /// A file holding the bot token: absolute, or relative to `$CREDENTIALS_DIRECTORY`.
    public var botTokenFile: String?
    /// The environment variable holding the app's signing secret, checked first.
    public var signingSecretEnv: String?
    /// A file holding the signing secret: absolute, or relative to `$CREDENTIALS_DIRECTORY`.
    public var signingSecretFile: String?
    /// Member ids whose messages are never answered (other bots, service accounts).
    public var ignoreUsers: [String]
    /// How often the connection is checked (`auth.test`) for `/healthz`, in seconds.
    public var heartbeatSeconds: Int

    public init(
        apiBase: String = SlackSettings.defaultAPIBase, botTokenEnv: String? = nil, botTokenFile: String? = nil,
        signingSecretEnv: String? = nil, signingSecretFile: String? = nil, ignoreUsers: [String] = [], heartbeatSeconds: Int = 30
    ) {
        self.apiBase = apiBase
        self.botTokenEnv = botTokenEnv
        self.botTokenFile = botTokenFile
        self.signingSecretEnv = signingSecretEnv
        self.signingSecretFile = signingSecretFile
        self.ignoreUsers = ignoreUsers
        self.heartbeatSeconds = heartbeatSeconds
    }
}

extension SlackSettings {
    /// A secret the configuration names but that cannot be found; says where it looked, never what it found.
    public struct MissingSecret: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// The bot token (`xoxb-…`) from the environment or the credential file.
    public func botToken(environment: [String: String] = ProcessInfo.processInfo.environment) throws(MissingSecret) -> String {
        try Self.read("bot token", Secret(env: botTokenEnv, file: botTokenFile, keys: ("bot_token_env", "bot_token_file"), section: "slack", credential: "slack-bot-token"),
                      environment: environment)
    }

    /// The signing secret that signs every request Slack sends to the listener.
    public func signingSecret(environment: [String: String] = ProcessInfo.processInfo.environment) throws(MissingSecret) -> String {
        try Self.read(
            "signing secret",
            Secret(env: signingSecretEnv, file: signingSecretFile, keys: ("signing_secret_env", "signing_secret_file"), section: "slack", credential: "slack-signing-secret"),
            environment: environment)
    }

    private static func read(_ what: String, _ secret: Secret, environment: [String: String]) throws(MissingSecret) -> String {
        do {
            if let value = try secret.value(environment: environment) { return value }
        } catch {
            throw MissingSecret(description: error.message)
        }
        throw MissingSecret(description: "no Slack \(what): " + secret.places)
    }
}
