@testable import FlowCoachDaemon
import FlowCoachCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// `/healthz` and `/metrics` as an operator's monitoring reads them, in-process.
@Suite struct ListenerServiceTests {
    @Test func healthzSaysWhetherThePlatformIsConnected() async throws {
        let directory = NSTemporaryDirectory() + "flowcoach-health-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let runtime = try RuntimeTests().runtime(directory)
        let health = HealthState()
        let app = Application(router: ListenerService.router(health: health, runtime: runtime))
        try await app.test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .serviceUnavailable, "not connected yet")
                #expect(String(buffer: response.body).contains(#""connected":false"#))
            }
            health.connected(at: Date(timeIntervalSince1970: 1_795_000_000))
            _ = try await runtime.handle(batch: [RuntimeTests().message("$1", "help")], cursor: Cursor(id: "matrix", value: "s1"))
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                let body = String(buffer: response.body)
                #expect(body.contains(#""connected":true"#) && body.contains(#""journal_seq":"#) && body.contains("last_sync"))
            }
            health.disconnected("the homeserver refused (502)")
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(String(buffer: response.body).contains("502"))
            }
        }
    }

    @Test func metricsAreInPrometheusTextFormat() async throws {
        let directory = NSTemporaryDirectory() + "flowcoach-metrics-http-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let runtime = try RuntimeTests().runtime(directory)
        _ = try await runtime.handle(batch: [RuntimeTests().message("$1", "help")], cursor: Cursor(id: "matrix", value: "s1"))
        let app = Application(router: ListenerService.router(health: HealthState(), runtime: runtime))
        try await app.test(.router) { client in
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
                let text = String(buffer: response.body)
                #expect(text.contains("# TYPE flowcoach_messages_in_total counter"))
                #expect(text.contains("flowcoach_messages_in_total 1"))
                #expect(text.contains("flowcoach_outbox_depth 1"), "the reply waits for delivery")
            }
            try await client.execute(uri: "/nothing", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }
}
