import FlowCoachHTTP
import Foundation

/// Calls to Slack's Web API with the bot token. The token goes only into the Authorization
/// header, never into a URL or a log. Slack answers most errors with HTTP 200 and
/// `{"ok":false,"error":"…"}`; they become `PlatformError.rejected` with a status that says what
/// the daemon should do: 401 for a token Slack no longer accepts (the daemon stops), 403 for a
/// missing scope, 429 and 503 for a wait, 400 for a request Slack refuses for good.
struct SlackAPI: Sendable {
    let base: String
    let token: String
    let http: HTTPClient

    /// Sends one request and returns Slack's answer as it came, for a caller that reads the status itself.
    func perform(
        _ method: String, query: [(String, String)] = [], json: [UInt8]? = nil, timeout: Double = 15, retry: RetryPolicy = .never
    ) async throws(HTTPClientError) -> ClientResponse {
        var url = base.trimmingCharacters(in: CharacterSet(charactersIn: "/")) + "/" + method
        if !query.isEmpty { url += "?" + query.map { "\($0.0)=\(Self.escape($0.1))" }.joined(separator: "&") }
        var headers = [(name: "Authorization", value: "Bearer \(token)")]
        if json != nil { headers.append((name: "Content-Type", value: "application/json; charset=utf-8")) }
        let request = ClientRequest(method: json == nil ? "GET" : "POST", url: url, headers: headers, body: json, timeout: timeout, maxResponseBytes: 4 << 20)
        return try await http.send(request, retry: retry)
    }

    /// Calls a method and returns the body of an `ok` answer; anything else throws `PlatformError.rejected`.
    /// `retry` is for reads, which are safe to repeat (it honours 429's `Retry-After`).
    func call(
        _ method: String, query: [(String, String)] = [], json: [UInt8]? = nil, timeout: Double = 15, retry: RetryPolicy = RetryPolicy(maxAttempts: 4)
    ) async throws -> [UInt8] {
        try Self.check(await perform(method, query: query, json: json, timeout: timeout, retry: retry))
    }

    /// The body of an `ok` answer, or the error it carries.
    static func check(_ response: ClientResponse) throws(PlatformError) -> [UInt8] {
        guard response.status == 200 else {
            let errcode = response.status == 429 ? "ratelimited" : "http_\(response.status)"
            throw .rejected(status: response.status, errcode: errcode, message: String(response.text.prefix(200)))
        }
        let answer: Answer
        do {
            answer = try JSONDecoder().decode(Answer.self, from: Data(response.body))
        } catch {
            throw .malformed("Slack answered without ok: \(error)")
        }
        guard answer.ok else {
            let code = answer.error ?? "unknown_error"
            let detail = answer.needed.map { "\(code) (needs \($0))" } ?? code
            throw .rejected(status: status(code), errcode: code, message: "Slack: \(detail)")
        }
        return response.body
    }

    /// What an `ok: false` error means for the daemon, as an HTTP status.
    static func status(_ error: String) -> Int {
        switch error {
        case "not_authed", "invalid_auth", "account_inactive", "token_revoked", "token_expired", "no_permission", "org_login_required",
            "two_factor_setup_required", "ekm_access_denied", "team_access_not_granted":
            401
        case "missing_scope", "not_allowed_token_type", "restricted_action", "access_denied": 403
        case "ratelimited", "rate_limited": 429
        case "fatal", "internal_error", "service_unavailable", "request_timeout": 503
        default: 400
        }
    }

    static func decode<T: Decodable>(_ type: T.Type, _ body: [UInt8]) throws(PlatformError) -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(body))
        } catch {
            throw .malformed("Slack \(T.self): \(error)")
        }
    }

    static let unreserved = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))

    static func escape(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? value
    }

    /// Seconds a 429 asks to wait (`Retry-After`), bounded to five minutes; a second when absent.
    static func retryAfter(_ response: ClientResponse) -> Double {
        let seconds = response.headers["retry-after"].flatMap { Double($0.trimmingCharacters(in: .whitespaces)) } ?? 1
        return min(max(seconds, 0), 300)
    }

    struct Answer: Decodable {
        var ok: Bool
        var error: String?
        var needed: String?
    }
}

/// The parts of Slack's answers the adapter reads.
enum SlackAnswer {
    struct AuthTest: Decodable {
        var userID: String
        var botID: String?
        var teamID: String?

        enum CodingKeys: String, CodingKey {
            case userID = "user_id"
            case botID = "bot_id"
            case teamID = "team_id"
        }
    }

    struct UserInfo: Decodable {
        struct User: Decodable {
            struct Profile: Decodable {
                var displayName: String?
                var realName: String?
                enum CodingKeys: String, CodingKey {
                    case displayName = "display_name"
                    case realName = "real_name"
                }
            }
            var id: String
            var name: String?
            var realName: String?
            var tz: String?
            var isBot: Bool?
            var profile: Profile?

            enum CodingKeys: String, CodingKey {
                case id, name, tz, profile
                case realName = "real_name"
                case isBot = "is_bot"
            }

            /// What Slack shows for them: the display name, else the full name, else the handle.
            var shownName: String {
                for name in [profile?.displayName, profile?.realName, realName, name] {
                    if let name = name?.trimmingCharacters(in: .whitespacesAndNewlines), !name.isEmpty { return name }
                }
                return id
            }
        }
        var user: User
    }

    struct Messages: Decodable {
        struct Message: Decodable {
            struct Metadata: Decodable {
                struct Payload: Decodable {
                    var replyID: String?
                    enum CodingKeys: String, CodingKey { case replyID = "reply_id" }
                    init(from decoder: any Decoder) throws {
                        replyID = try? decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(String.self, forKey: .replyID)
                    }
                }
                var eventType: String?
                var eventPayload: Payload?
                enum CodingKeys: String, CodingKey {
                    case eventType = "event_type"
                    case eventPayload = "event_payload"
                }
            }
            var user: String?
            var botID: String?
            var text: String?
            var ts: String?
            var metadata: Metadata?

            enum CodingKeys: String, CodingKey {
                case user, text, ts, metadata
                case botID = "bot_id"
            }

            /// Other apps' metadata may hold anything: what does not fit is left out, not an error.
            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                user = try? container.decodeIfPresent(String.self, forKey: .user)
                botID = try? container.decodeIfPresent(String.self, forKey: .botID)
                text = try? container.decodeIfPresent(String.self, forKey: .text)
                ts = try? container.decodeIfPresent(String.self, forKey: .ts)
                metadata = try? container.decodeIfPresent(Metadata.self, forKey: .metadata)
            }

            /// The reply id flowcoach put in this message's metadata, when it is one of its replies.
            var replyID: String? {
                guard metadata?.eventType == SlackPost.replyEventType else { return nil }
                return metadata?.eventPayload?.replyID
            }
        }
        var messages: [Message]
    }

    struct Open: Decodable {
        struct Channel: Decodable { var id: String }
        var channel: Channel
    }
}
