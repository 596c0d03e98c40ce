import FlowCoachCore
import Foundation

/// How to reach the homeserver, from the `matrix:` section of `Config/flowcoach.yaml` (the daemon's
/// `PlatformConfig` reads it; the core and the content loader never see it).
public struct MatrixSettings: Sendable, Equatable {
    /// e.g. `https://matrix.example.org`.
    public var homeserver: String
    /// The bot's own user id, e.g. `@flowcoach:example.org`.
    public var userID: String
    /// The environment variable holding the access token (checked first).
    public var accessTokenEnv: String?
    /// A file holding the access token: absolute, or relative to `$CREDENTIALS_DIRECTORY` (systemd `LoadCredential=`).
    public var accessTokenFile: String?
    /// Users whose messages are never answered (other bots).
    public var ignoreUsers: [String]
    /// How long one `/sync` long poll waits on the server, in milliseconds.
    public var syncTimeoutMs: Int
    /// Application-service mode (`mode: appservice`): the homeserver pushes transactions to the
    /// listener instead of being polled, and the access token is the registration's `as_token`.
    public var appService: AppService?

    /// Where the homeserver's `hs_token` comes from, which its pushes carry.
    public struct AppService: Sendable, Equatable {
        public var hsTokenEnv: String?
        public var hsTokenFile: String?

        public init(hsTokenEnv: String? = nil, hsTokenFile: String? = nil) {
            self.hsTokenEnv = hsTokenEnv
            self.hsTokenFile = hsTokenFile
        }
    }

    public init(homeserver: String, userID: String, accessTokenEnv: String? = nil, accessTokenFile: String? = nil,
                ignoreUsers: [String] = [], syncTimeoutMs: Int = 30_000) {
        self.homeserver = homeserver
        self.userID = userID
        self.accessTokenEnv = accessTokenEnv
        self.accessTokenFile = accessTokenFile
        self.ignoreUsers = ignoreUsers
        self.syncTimeoutMs = syncTimeoutMs
    }
}

extension MatrixSettings {
    /// Reads the access token from the environment or the credential file; the error says where it looked.
    public func accessToken(environment: [String: String] = ProcessInfo.processInfo.environment) throws(PlatformError) -> String {
        try Self.read(Secret(env: accessTokenEnv, file: accessTokenFile, keys: ("access_token_env", "access_token_file"), section: "matrix", credential: "matrix-token"),
                      environment: environment)
    }

    /// Reads the application service's `hs_token` the same way.
    public func hsToken(environment: [String: String] = ProcessInfo.processInfo.environment) throws(PlatformError) -> String {
        try Self.read(Secret(env: appService?.hsTokenEnv, file: appService?.hsTokenFile, keys: ("hs_token_env", "hs_token_file"), section: "matrix", credential: "matrix-hs-token"),
                      environment: environment)
    }

    private static func read(_ secret: Secret, environment: [String: String]) throws(PlatformError) -> String {
        do {
            if let value = try secret.value(environment: environment) { return value }
        } catch {
            throw .missingToken(error.message)
        }
        throw .missingToken(secret.places)
    }

    /// Where `access_token_file` points (see `Secret`).
    static func tokenPath(_ file: String, credentials: String?) throws(PlatformError) -> String {
        do {
            return try Secret(env: nil, file: file, keys: ("access_token_env", "access_token_file"), section: "matrix", credential: "matrix-token")
                .path(of: file, credentials: credentials)
        } catch {
            throw .missingToken(error.message)
        }
    }
}
