import FlowCoachCore
import Foundation

/// One HTTP request to the listener as a push platform's endpoint sees it: the raw body, so a
/// signature is checked over the exact bytes before anything is parsed.
public struct WebhookRequest: Sendable {
    public var method: String
    public var path: String
    /// Path parameters by name (`txnId` in `/_matrix/app/v1/transactions/:txnId`).
    public var parameters: [String: String]
    public var query: [String: String]
    /// Header names lower-cased.
    public var headers: [String: String]
    public var body: [UInt8]

    public init(method: String = "POST", path: String, parameters: [String: String] = [:], query: [String: String] = [:],
                headers: [String: String] = [:], body: [UInt8]) {
        self.method = method
        self.path = path
        self.parameters = parameters
        self.query = query
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }) { first, _ in first }
        self.body = body
    }

    public func header(_ name: String) -> String? { headers[name.lowercased()] }
}

/// What the listener answers.
public struct WebhookReply: Sendable, Equatable {
    public var status: Int
    public var contentType: String
    public var body: String

    public init(status: Int, contentType: String = "application/json", body: String = "{}") {
        self.status = status
        self.contentType = contentType
        self.body = body
    }

    public static let ok = WebhookReply(status: 200)
    /// A refusal with a short reason in the platform's usual JSON error shape; never echoes the request.
    public static func error(_ status: Int, _ message: String) -> WebhookReply {
        WebhookReply(status: status, body: #"{"error":"\#(message)"}"#)
    }
}

/// What an endpoint makes of a request.
public enum WebhookOutcome: Sendable {
    /// Verified: the listener journals these messages durably (their replies included), and only
    /// then answers `ack`. A message already handled (a platform's retry) is a no-op by its id.
    case deliver([Inbound], ack: WebhookReply)
    /// Verified, with nothing to journal (a URL check, an event the coach ignores): answer at once.
    case answer(WebhookReply)
    /// Refused (bad signature or token, stale timestamp, malformed body): answered with `reply`,
    /// counted in `/metrics` under `reason`. Nothing of the request is logged.
    case refuse(WebhookReply, reason: String)
    /// Verified, but it cannot be handled now (the platform's API is down): 503, and the platform retries.
    case unavailable(reason: String)
}

/// A push endpoint a platform serves on the listener.
public struct WebhookEndpoint: Sendable {
    /// The platform's name, for `/metrics`.
    public var platform: String
    public var method: String
    /// A route pattern: literal segments and `:name` parameters.
    public var path: String
    /// Larger bodies are refused with 413 before they are read whole.
    public var maxBodyBytes: Int
    /// Decides on a request; `now` is the listener's clock, for timestamp windows. It verifies
    /// before it parses, and may call the platform (a room's members) before it answers.
    public var handle: @Sendable (WebhookRequest, Date) async -> WebhookOutcome

    public init(platform: String, method: String = "POST", path: String, maxBodyBytes: Int = 1 << 20,
                handle: @escaping @Sendable (WebhookRequest, Date) async -> WebhookOutcome) {
        self.platform = platform
        self.method = method
        self.path = path
        self.maxBodyBytes = maxBodyBytes
        self.handle = handle
    }
}
