import FlowCoachHTTP
import Foundation

/// One call to Zulip's REST API (`/api/v1` + `path`), before it is put on the wire. Parameters
/// go into the query of a GET or DELETE and into the form body of a POST.
package struct ZulipCall: Sendable {
    /// How the call may be repeated when it fails on the way.
    package enum Kind: Sendable, Equatable {
        /// Reads and registering a queue: safe to repeat.
        case read
        /// `GET /events`, which the server holds open up to `timeout` seconds.
        case longPoll(timeout: Double)
        /// `POST /messages`: never repeated blindly (Zulip has no idempotency key).
        case send
    }

    package var method: String
    package var path: String
    package var params: [(name: String, value: String)]
    package var kind: Kind

    package init(_ method: String, _ path: String, _ params: [(name: String, value: String)] = [], kind: Kind = .read) {
        self.method = method
        self.path = path
        self.params = params
        self.kind = kind
    }

    /// `application/x-www-form-urlencoded`, for a query or a form body.
    static func encode(_ params: [(name: String, value: String)]) -> String {
        params.map { escape($0.name) + "=" + escape($0.value) }.joined(separator: "&")
    }

    /// Characters a form value keeps as they are: everything else is percent-encoded.
    static let unreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")

    static func escape(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? value
    }
}

/// Zulip's answer to one call: the status, lower-case header names, the JSON body.
package struct ZulipAnswer: Sendable {
    package var status: Int
    package var headers: [String: String]
    package var body: [UInt8]

    package init(status: Int, headers: [String: String] = [:], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// Puts calls on the wire. The adapter's logic sees only this, so tests drive it with a
/// scripted server and the daemon with `ZulipHTTPTransport`.
package protocol ZulipTransport: Sendable {
    func perform(_ call: ZulipCall) async throws -> ZulipAnswer
}

/// Zulip over the project's libcurl client, with HTTP basic auth (bot email and API key). The
/// key goes only into the Authorization header: never into a URL or a log line.
struct ZulipHTTPTransport: ZulipTransport {
    let site: String
    let authorization: String
    let http: HTTPClient

    init(site: String, email: String, apiKey: String, http: HTTPClient) {
        self.site = site.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        self.authorization = "Basic " + Data("\(email):\(apiKey)".utf8).base64EncodedString()
        self.http = http
    }

    /// Transport failures and 502/503/504 are retried here for reads; a 429 is left to `ZulipAPI`,
    /// which knows Zulip's `retry-after`; a send is never retried here, as it may have arrived.
    func perform(_ call: ZulipCall) async throws -> ZulipAnswer {
        var url = site + "/api/v1" + call.path
        var headers = [(name: "Authorization", value: authorization), (name: "User-Agent", value: "flowcoach")]
        var body: [UInt8]?
        let form = ZulipCall.encode(call.params)
        if call.method == "POST" || call.method == "PATCH" {
            headers.append((name: "Content-Type", value: "application/x-www-form-urlencoded"))
            body = Array(form.utf8)
        } else if !form.isEmpty {
            url += "?" + form
        }
        let timeout: Double
        let retry: RetryPolicy
        switch call.kind {
        case .read:
            timeout = 30
            retry = RetryPolicy(maxAttempts: 4, maxDelay: 8, retryableStatuses: [502, 503, 504])
        case .longPoll(let wait):
            timeout = wait + 15
            retry = RetryPolicy(maxAttempts: 3, maxDelay: 4, retryableStatuses: [502, 503, 504])
        case .send:
            timeout = 30
            retry = .never
        }
        let request = ClientRequest(method: call.method, url: url, headers: headers, body: body, timeout: timeout)
        let response = try await http.send(request, retry: retry)
        return ZulipAnswer(status: response.status, headers: response.headers, body: response.body)
    }
}
