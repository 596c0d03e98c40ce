import Foundation

/// Slack's request signing (v0): every request Slack sends carries `X-Slack-Request-Timestamp`
/// and `X-Slack-Signature: v0=<hex>`, the HMAC-SHA256 keyed by the app's signing secret over
/// `v0:<timestamp>:<raw body>`. It is checked over the exact bytes received, before anything is
/// parsed, and compared in constant time; a timestamp more than five minutes from now is refused,
/// so a captured request cannot be replayed later.
public enum SlackSignature {
    /// What the check found; each refusal has its own `/metrics` reason.
    public enum Verdict: Sendable, Equatable {
        case valid
        /// A header is missing or empty.
        case missing
        /// The timestamp is not a number, or more than `window` from now.
        case stale
        /// The signature is not the one the secret makes.
        case mismatch

        /// The listener's answer to a refused request, and the reason it is counted under.
        var refusal: WebhookOutcome? {
            switch self {
            case .valid: nil
            case .missing: .refuse(.error(401, "missing signature"), reason: "missing_signature")
            case .stale: .refuse(.error(401, "stale timestamp"), reason: "stale_timestamp")
            case .mismatch: .refuse(.error(401, "invalid signature"), reason: "bad_signature")
            }
        }
    }

    /// Five minutes, as Slack recommends.
    public static let window: TimeInterval = 300

    /// `v0=<hex>` for a body sent at `timestamp`.
    public static func sign(secret: String, timestamp: String, body: [UInt8]) -> String {
        "v0=" + WebhookSecurity.hmacSHA256Hex(key: secret, message: Array("v0:\(timestamp):".utf8) + body)
    }

    /// Checks a request's headers against its raw body.
    public static func check(timestamp: String?, signature: String?, body: [UInt8], secret: String, now: Date) -> Verdict {
        guard let timestamp, !timestamp.isEmpty, let signature, !signature.isEmpty else { return .missing }
        guard timestamp.allSatisfy({ $0.isASCII && $0.isNumber }), WebhookSecurity.isFresh(timestamp, now: now, window: window) else {
            return .stale
        }
        let expected = sign(secret: secret, timestamp: timestamp, body: body)
        return WebhookSecurity.equal(Array(expected.utf8), Array(signature.utf8)) ? .valid : .mismatch
    }

    /// Checks a webhook request (header names are case-insensitive).
    public static func check(_ request: WebhookRequest, secret: String, now: Date) -> Verdict {
        check(
            timestamp: request.header("x-slack-request-timestamp"), signature: request.header("x-slack-signature"), body: request.body,
            secret: secret, now: now)
    }
}
