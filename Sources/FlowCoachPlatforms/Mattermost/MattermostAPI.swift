import FlowCoachHTTP
import Foundation
import Logging
import Synchronization

/// Authenticated JSON calls to Mattermost's REST API v4, kept within its rate limit: when
/// `X-Ratelimit-Remaining` reaches 0 the next call waits for `X-Ratelimit-Reset`, and a 429 is
/// tried again after `Retry-After` (or the reset). The token goes only into the Authorization
/// header; it is never logged or put in a URL.
final class MattermostAPI: Sendable {
    let server: String
    private let token: String
    private let http: HTTPClient
    private let logger: Logger
    /// When the server's rate-limit window reopens, after it said no calls remain.
    private let reopens = Mutex<ContinuousClock.Instant?>(nil)
    let policy: RetryPolicy

    init(server: String, token: String, http: HTTPClient, logger: Logger, policy: RetryPolicy = RetryPolicy(maxAttempts: 6, maxServerDelay: 120)) {
        self.server = server.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        self.token = token
        self.http = http
        self.logger = logger
        self.policy = policy
    }

    /// Characters left unescaped in a path segment or query value.
    static let unreserved = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))

    static func escape(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? value
    }

    /// Performs a call and returns the body of a 2xx answer; another status throws
    /// `PlatformError.rejected` with Mattermost's error id as the errcode. A call that is not
    /// `idempotent` (creating a post) is tried again only after a 429, which the server answers
    /// before doing anything: after a timeout or a 5xx the post may exist, so the caller decides.
    /// `once` makes a single attempt, for a caller that cannot wait (a webhook being answered).
    func call(
        _ method: String, _ path: String, query: [(String, String)] = [], json: Any? = nil, timeout: Double = 30, idempotent: Bool = true,
        once: Bool = false
    ) async throws -> [UInt8] {
        var url = server + "/api/v4" + path
        if !query.isEmpty { url += "?" + query.map { "\($0.0)=\(Self.escape($0.1))" }.joined(separator: "&") }
        var headers = [(name: "Authorization", value: "Bearer \(token)"), (name: "Accept", value: "application/json")]
        var body: [UInt8]?
        if let json {
            headers.append((name: "Content-Type", value: "application/json"))
            body = [UInt8](try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys]))
        }
        let request = ClientRequest(method: method, url: url, headers: headers, body: body, timeout: timeout)
        let response = try await send(request, idempotent: idempotent, policy: once ? .never : policy)
        guard (200..<300).contains(response.status) else { throw Self.error(response) }
        return response.body
    }

    private func send(_ request: ClientRequest, idempotent: Bool, policy: RetryPolicy) async throws -> ClientResponse {
        var attempt = 1
        while true {
            try await waitForWindow()
            let outcome: Result<ClientResponse, HTTPClientError>
            do {
                outcome = .success(try await http.send(request, retry: .never))
            } catch {
                outcome = .failure(error)
            }
            if case .success(let response) = outcome { observe(response.headers, status: response.status) }
            guard let delay = Self.delay(after: attempt, outcome: outcome, idempotent: idempotent, policy: policy) else { return try outcome.get() }
            logger.debug("retrying", metadata: ["method": "\(request.method)", "attempt": "\(attempt)", "delay": "\(delay)", "outcome": "\(outcome.map(\.status))"])
            try await Task.sleep(for: .seconds(delay))
            attempt += 1
        }
    }

    /// Seconds to wait before trying again, or nil to stop: a 429 waits what the server says.
    static func delay(
        after attempt: Int, outcome: Result<ClientResponse, HTTPClientError>, idempotent: Bool, policy: RetryPolicy, now: Date = Date(),
        jitter: Double = Double.random(in: 0...1)
    ) -> Double? {
        guard attempt < policy.maxAttempts else { return nil }
        if case .success(let response) = outcome, response.status == 429 {
            return min(policy.maxServerDelay, serverWait(response.headers, now: now) ?? policy.baseDelay * pow(2, Double(attempt - 1)))
        }
        guard idempotent else { return nil }
        return policy.delay(after: attempt, outcome: outcome, now: now, jitter: jitter)
    }

    /// How long the server asks us to wait: `Retry-After`, else `X-Ratelimit-Reset` (seconds to
    /// go, or a Unix time on servers that send one).
    static func serverWait(_ headers: [String: String], now: Date) -> Double? {
        if let retry = headers["retry-after"].flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) }) { return max(0, retry) }
        return resetWait(headers, now: now)
    }

    static func resetWait(_ headers: [String: String], now: Date) -> Double? {
        guard let reset = headers["x-ratelimit-reset"].flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) }), reset.isFinite else { return nil }
        return max(0, reset > 1_000_000_000 ? reset - now.timeIntervalSince1970 : reset)
    }

    /// Remembers that no calls remain in this window (`X-Ratelimit-Remaining: 0`), so the next
    /// call waits for the reset instead of being refused.
    private func observe(_ headers: [String: String], status: Int) {
        guard let remaining = headers["x-ratelimit-remaining"].flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }), remaining <= 0,
            status != 429, let wait = Self.resetWait(headers, now: Date()), wait > 0
        else { return }
        let until = ContinuousClock.now + .milliseconds(Int(min(wait, 60) * 1000))
        reopens.withLock { $0 = max($0 ?? until, until) }
    }

    private func waitForWindow() async throws {
        guard let until = reopens.withLock({ $0 }), until > .now else { return }
        logger.debug("waiting for the rate limit window", metadata: ["seconds": "\(until - .now)"])
        try await Task.sleep(until: until, clock: .continuous)
    }

    /// Mattermost's error answer (`{"id": "api.…", "message": "…", "status_code": 403}`) as a `PlatformError`.
    static func error(_ response: ClientResponse) -> PlatformError {
        let object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any]
        return .rejected(
            status: response.status, errcode: object?["id"] as? String ?? "", message: object?["message"] as? String ?? String(response.text.prefix(200)))
    }

    /// Decodes a JSON answer; one that does not fit `type` is `PlatformError.malformed`.
    static func decode<T: Decodable>(_ type: T.Type, _ body: [UInt8]) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(body))
        } catch {
            throw PlatformError.malformed("Mattermost \(T.self): \(error)")
        }
    }
}
