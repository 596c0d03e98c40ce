import Crypto
import Foundation

/// The checks every push endpoint makes before it parses a request.
public enum WebhookSecurity {
    /// Compares two secrets in time that depends only on their lengths, not on where they differ.
    public static func equal(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }

    public static func equal(_ a: String, _ b: String) -> Bool { equal(Array(a.utf8), Array(b.utf8)) }

    /// HMAC-SHA256 of `message` keyed by `key`, as lower-case hex.
    public static func hmacSHA256Hex(key: String, message: [UInt8]) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Array(key.utf8)))
        return code.map { String(format: "%02x", $0) }.joined()
    }

    /// The token of an `Authorization: Bearer <token>` header.
    public static func bearerToken(_ header: String?) -> String? {
        guard let header, header.count > 7, header.prefix(7).lowercased() == "bearer " else { return nil }
        return String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
    }

    /// Whether a Unix timestamp (seconds, as text) lies within `window` seconds of `now`.
    public static func isFresh(_ timestamp: String?, now: Date, window: TimeInterval = 300) -> Bool {
        guard let timestamp, let seconds = Double(timestamp), seconds.isFinite else { return false }
        return abs(now.timeIntervalSince1970 - seconds) <= window
    }
}
