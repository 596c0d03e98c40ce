@testable import FlowCoachPlatforms
import FlowCoachCore
import FlowCoachHTTP
import Foundation
import Logging
import Testing

/// Application-service mode: the homeserver's pushes are checked before they are read.
@Suite struct MatrixAppServiceTests {
    static func adapter() -> MatrixAdapter {
        var settings = MatrixSettings(homeserver: "http://127.0.0.1:1", userID: "@coach:x")
        settings.appService = .init(hsTokenEnv: "HS")
        let logger = Logger(label: "test")
        return MatrixAdapter(settings: settings, token: "as-secret", hsToken: "hs-secret", http: HTTPClient(loop: CurlLoop(), logger: logger), logger: logger)
    }

    static func push(_ headers: [String: String], query: [String: String] = [:], body: String = #"{"events":[]}"#) -> WebhookRequest {
        WebhookRequest(method: "PUT", path: "/_matrix/app/v1/transactions/1", parameters: ["txnId": "1"], query: query, headers: headers, body: Array(body.utf8))
    }

    @Test func theHomeserversTokenIsCheckedBeforeTheBodyIsRead() async throws {
        let adapter = Self.adapter()
        #expect(adapter.webhooks.map(\.path) == ["/_matrix/app/v1/transactions/:txnId", "/transactions/:txnId"])
        let endpoint = try #require(adapter.webhooks.first)
        guard case .refuse(let missing, "missing_token") = await endpoint.handle(Self.push([:], body: "not json"), Date()) else {
            Issue.record("no token must be refused")
            return
        }
        #expect(missing.status == 401 && missing.body.contains("M_UNAUTHORIZED"))
        guard case .refuse(let wrong, "bad_token") = await endpoint.handle(Self.push(["Authorization": "Bearer hs-secreT"], body: "not json"), Date()) else {
            Issue.record("a wrong token must be refused")
            return
        }
        #expect(wrong.status == 403 && wrong.body.contains("M_FORBIDDEN") && !wrong.body.contains("hs-secret"))
        guard case .refuse(let malformed, "malformed") = await endpoint.handle(Self.push(["Authorization": "Bearer hs-secret"], body: "{"), Date()) else {
            Issue.record("a malformed body must be refused")
            return
        }
        #expect(malformed.status == 400)
        // The legacy query parameter is accepted too; an empty transaction is acknowledged.
        guard case .deliver(let messages, let ack) = await endpoint.handle(Self.push([:], query: ["access_token": "hs-secret"]), Date()) else {
            Issue.record("an empty transaction is acknowledged")
            return
        }
        #expect(messages.isEmpty && ack.status == 200)
        // The bot's own messages are never messages for the coach.
        let own = #"{"events":[{"type":"m.room.message","sender":"@coach:x","event_id":"$1","room_id":"!r","content":{"msgtype":"m.text","body":"hi"}}]}"#
        guard case .deliver(let none, _) = await endpoint.handle(Self.push(["Authorization": "Bearer hs-secret"], body: own), Date()) else {
            Issue.record("its own message is acknowledged and dropped")
            return
        }
        #expect(none.isEmpty)
    }

    @Test func aSyncModeAdapterServesNoWebhooks() {
        let logger = Logger(label: "test")
        let adapter = MatrixAdapter(settings: MatrixSettings(homeserver: "http://127.0.0.1:1", userID: "@coach:x"), token: "t",
                                    http: HTTPClient(loop: CurlLoop(), logger: logger), logger: logger)
        #expect(adapter.webhooks.isEmpty)
    }
}
