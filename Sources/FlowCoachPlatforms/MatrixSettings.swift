import FlowCoachCore
import Foundation

extension MatrixSettings {
    /// Reads the access token from the environment or the credential file; the error says where it looked.
    public func accessToken(environment: [String: String] = ProcessInfo.processInfo.environment) throws(PlatformError) -> String {
        if let name = accessTokenEnv, let value = environment[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty {
            return value
        }
        if let file = accessTokenFile {
            var path = file
            if !file.hasPrefix("/"), let credentials = environment["CREDENTIALS_DIRECTORY"] {
                path = credentials + "/" + file
            }
            if let text = try? String(contentsOfFile: path, encoding: .utf8) {
                let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
                if !token.isEmpty { return token }
            }
        }
        let places = [accessTokenEnv.map { "environment variable \($0)" }, accessTokenFile.map { "file \($0)" }].compactMap { $0 }
        throw .missingToken(places.isEmpty ? "set access_token_env or access_token_file under matrix:" : "looked in " + places.joined(separator: " and "))
    }
}

/// Why talking to the platform failed.
public enum PlatformError: Error, Sendable, CustomStringConvertible {
    case missingToken(String)
    /// The server answered with an error status.
    case rejected(status: Int, errcode: String, message: String)
    /// The server's answer could not be read.
    case malformed(String)

    public var description: String {
        switch self {
        case .missingToken(let detail): "no Matrix access token: \(detail)"
        case .rejected(let status, let errcode, let message): "the homeserver refused (\(status) \(errcode)): \(message)"
        case .malformed(let detail): "unreadable answer from the homeserver: \(detail)"
        }
    }

    /// True when trying again later may succeed.
    public var isTransient: Bool {
        if case .rejected(let status, _, _) = self { return status == 429 || status >= 500 }
        return false
    }
}
