import Foundation

/// Why talking to the platform failed.
public enum PlatformError: Error, Sendable, CustomStringConvertible {
    case missingToken(String)
    /// The server answered with an error status.
    case rejected(status: Int, errcode: String, message: String)
    /// The server's answer could not be read.
    case malformed(String)

    public var description: String {
        switch self {
        case .missingToken(let detail): "a Matrix token is missing: \(detail)"
        case .rejected(let status, let errcode, let message): "the chat server refused (\(status) \(errcode)): \(message)"
        case .malformed(let detail): "unreadable answer from the chat server: \(detail)"
        }
    }

    /// True when the homeserver refused who we are (a revoked or wrong token, a deactivated
    /// account): retrying cannot help, an operator must act.
    public var refusesCredentials: Bool {
        guard case .rejected(let status, let errcode, _) = self else { return false }
        return status == 401 || status == 403 || errcode == "FC_WRONG_USER"
    }

    /// A 401: the token itself is not accepted (unlike a 403 for one room).
    public var isUnauthorized: Bool {
        if case .rejected(401, _, _) = self { return true }
        return false
    }

    /// True when trying again later may succeed.
    public var isTransient: Bool {
        if case .rejected(let status, _, _) = self { return status == 429 || status >= 500 }
        return false
    }
}
