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
        try Self.secret(env: accessTokenEnv, file: accessTokenFile, environment: environment, keys: "access_token_env or access_token_file")
    }

    /// Reads the application service's `hs_token` the same way.
    public func hsToken(environment: [String: String] = ProcessInfo.processInfo.environment) throws(PlatformError) -> String {
        try Self.secret(env: appService?.hsTokenEnv, file: appService?.hsTokenFile, environment: environment, keys: "hs_token_env or hs_token_file")
    }

    /// A secret from an environment variable (checked first) or a file (under systemd, a credential).
    static func secret(env: String?, file: String?, environment: [String: String], keys: String) throws(PlatformError) -> String {
        if let name = env, let value = environment[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty {
            return value
        }
        if let file {
            let path = try Self.tokenPath(file, credentials: environment["CREDENTIALS_DIRECTORY"])
            if let text = try? String(contentsOfFile: path, encoding: .utf8) {
                let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
                if !token.isEmpty { return token }
            }
        }
        let places = [env.map { "environment variable \($0)" }, file.map { "file \($0)" }].compactMap { $0 }
        throw .missingToken(places.isEmpty ? "set \(keys) under matrix:" : "looked in " + places.joined(separator: " and "))
    }
}

extension MatrixSettings {
    /// Where `access_token_file` points. Under systemd (`$CREDENTIALS_DIRECTORY` set) it names a
    /// credential: relative to that directory and never outside it, so the unit's
    /// `LoadCredential=` is the only way the token arrives.
    static func tokenPath(_ file: String, credentials: String?) throws(PlatformError) -> String {
        guard let credentials, !credentials.isEmpty else { return file }
        let base = (credentials as NSString).standardizingPath
        let path = ((file.hasPrefix("/") ? file : base + "/" + file) as NSString).standardizingPath
        guard path.hasPrefix(base + "/") else {
            throw .missingToken(
                "access_token_file `\(file)` is outside $CREDENTIALS_DIRECTORY (\(credentials)); name the credential instead, e.g. `matrix-token` for LoadCredential=matrix-token:/etc/flowcoach/matrix-token")
        }
        return path
    }
}
