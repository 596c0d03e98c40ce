@testable import FlowCoachDaemon
import FlowCoachCore
import FlowCoachPlatforms
import FlowCoachStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The listener's webhook contract, for every push platform: verify before parsing, cap the
/// body, journal before acknowledging, count refusals, and a retry is a no-op.
@Suite struct WebhookListenerTests {
    /// An endpoint that accepts a body "token:<event id>:<text>" only with the right token.
    static func endpoint() -> WebhookEndpoint {
        WebhookEndpoint(platform: "test", path: "/hooks/:name", maxBodyBytes: 256) { request, _ in
            let parts = String(decoding: request.body, as: UTF8.self).split(separator: ":", maxSplits: 2).map(String.init)
            guard let first = parts.first, WebhookSecurity.equal(first, "s3cret") else {
                return .refuse(.error(401, "bad token"), reason: "bad_token")
            }
            guard parts.count == 3 else { return .refuse(.error(400, "malformed"), reason: "malformed") }
            if parts[2] == "ping" { return .answer(WebhookReply(status: 200, body: #"{"pong":"\#(request.parameters["name"] ?? "")"}"#)) }
            let person = Person(id: "@ana:x", displayName: "Ana")
            return .deliver([Inbound(eventID: parts[1], sender: person, room: "!dm", text: parts[2])], ack: .ok)
        }
    }

    @Test func verifiesJournalsThenAcknowledgesAndRetriesAreNoOps() async throws {
        let directory = NSTemporaryDirectory() + "flowcoach-webhook-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let runtime = try RuntimeTests().runtime(directory)
        let (replies, outbox) = AsyncStream.makeStream(of: Outbound.self)
        let app = Application(router: ListenerService.router(health: HealthState(), runtime: runtime, webhooks: [Self.endpoint()], outbox: outbox))
        try await app.test(.router) { client in
            try await client.execute(uri: "/hooks/a", method: .post, body: ByteBuffer(string: "wrong:$1:help")) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/hooks/a", method: .post, body: ByteBuffer(string: "s3cret:$1")) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(uri: "/hooks/a", method: .post, body: ByteBuffer(string: "s3cret:$1:" + String(repeating: "x", count: 300))) { response in
                #expect(response.status == .contentTooLarge)
            }
            try await client.execute(uri: "/hooks/zed", method: .post, body: ByteBuffer(string: "s3cret:$0:ping")) { response in
                #expect(String(buffer: response.body) == #"{"pong":"zed"}"#)
            }
            #expect(await runtime.sequence == 0, "nothing refused or answered was journalled")
            for _ in 0..<2 {
                try await client.execute(uri: "/hooks/a", method: .post, body: ByteBuffer(string: "s3cret:$1:help")) { response in
                    #expect(response.status == .ok)
                }
            }
        }
        outbox.finish()
        var sent: [Outbound] = []
        for await reply in replies { sent.append(reply) }
        #expect(sent.count == 1, "the retry of $1 is a no-op")
        let state = try StateStore.read(directory: directory)
        #expect(state.seen["$1"] != nil && state.outbox.count == 1, "journalled before the 200")
        let metrics = await runtime.metricsExposition()
        for outcome in ["bad_token", "malformed", "too_large", "answered", "accepted"] {
            #expect(metrics.contains(#"flowcoach_webhook_requests_total{platform="test",outcome="\#(outcome)"}"#) ||
                    metrics.contains(#"flowcoach_webhook_requests_total{outcome="\#(outcome)",platform="test"}"#), "\(outcome) counted")
        }
    }

    @Test func constantTimeComparisonAndSignatures() {
        #expect(WebhookSecurity.equal("abc", "abc") && !WebhookSecurity.equal("abc", "abd") && !WebhookSecurity.equal("abc", "abcd"))
        // RFC 4231 test case 2.
        #expect(WebhookSecurity.hmacSHA256Hex(key: "Jefe", message: Array("what do ya want for nothing?".utf8))
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(WebhookSecurity.bearerToken("Bearer abc") == "abc" && WebhookSecurity.bearerToken("Basic abc") == nil)
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(WebhookSecurity.isFresh("1699999800", now: now) && !WebhookSecurity.isFresh("1699999600", now: now) && !WebhookSecurity.isFresh("x", now: now))
    }
}
