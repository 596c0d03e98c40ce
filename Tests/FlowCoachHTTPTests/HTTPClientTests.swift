import FlowCoachHTTP
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing

/// A thread-safe call counter.
final class Counter: Sendable {
    let value = Mutex(0)
}

/// A small HTTP server on 127.0.0.1 with the behaviours the client must cope with.
enum TestServer {
    static func application(flakyCalls: Counter? = nil) -> some ApplicationProtocol {
        let router = Router()
        router.get("/hello") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain", HTTPField.Name("X-Test")!: "yes"], body: .init(byteBuffer: ByteBuffer(string: "hello")))
        }
        router.put("/echo") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            let header = request.headers[HTTPField.Name("X-Token")!] ?? ""
            return Response(status: .created, headers: [HTTPField.Name("X-Echo-Token")!: header], body: .init(byteBuffer: body))
        }
        router.get("/slow") { _, _ -> String in
            try await Task.sleep(for: .seconds(3))
            return "late"
        }
        router.get("/big") { _, _ in
            String(repeating: "x", count: 100_000)
        }
        router.get("/status/:code") { _, context -> Response in
            let code = context.parameters.get("code", as: Int.self) ?? 500
            return Response(status: .init(code: code))
        }
        router.get("/flaky") { _, _ -> Response in
            let call = flakyCalls?.value.withLock { count -> Int in
                count += 1
                return count
            } ?? 1
            if call == 1 {
                return Response(status: .tooManyRequests, headers: [.retryAfter: "1"])
            }
            if call == 2 {
                return Response(
                    status: .tooManyRequests, headers: [.contentType: "application/json"],
                    body: .init(byteBuffer: ByteBuffer(string: #"{"errcode":"M_LIMIT_EXCEEDED","retry_after_ms":200}"#)))
            }
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "finally")))
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    static func withServer(flakyCalls: Counter? = nil, _ body: @Sendable (String, CurlLoop) async throws -> Void) async throws {
        try await application(flakyCalls: flakyCalls).test(.live) { client in
            let loop = CurlLoop()
            defer { loop.shutdown() }
            try await body("http://127.0.0.1:\(client.port!)", loop)
        }
    }
}

@Suite struct HTTPClientTests {
    @Test func statusHeadersAndBody() async throws {
        try await TestServer.withServer { base, loop in
            let response = try await loop.perform(ClientRequest(url: base + "/hello"))
            #expect(response.status == 200)
            #expect(response.headers["x-test"] == "yes")
            #expect(response.text == "hello")

            let echoed = try await loop.perform(
                ClientRequest(method: "PUT", url: base + "/echo", headers: [("X-Token", "abc")], body: Array(#"{"a":1}"#.utf8)))
            #expect(echoed.status == 201)
            #expect(echoed.headers["x-echo-token"] == "abc")
            #expect(echoed.text == #"{"a":1}"#)
            let missing = try await loop.perform(ClientRequest(url: base + "/status/404"))
            #expect(missing.status == 404)
        }
    }

    @Test func aSlowResponseTimesOut() async throws {
        try await TestServer.withServer { base, loop in
            await #expect(throws: HTTPClientError.timedOut) { try await loop.perform(ClientRequest(url: base + "/slow", timeout: 0.3)) }
        }
    }

    @Test func cancellationStopsTheRequest() async throws {
        try await TestServer.withServer { base, loop in
            let task = Task { try await loop.perform(ClientRequest(url: base + "/slow", timeout: 10)) }
            try await Task.sleep(for: .milliseconds(200))
            let started = Date()
            task.cancel()
            await #expect(throws: HTTPClientError.cancelled) { try await task.value }
            #expect(Date().timeIntervalSince(started) < 2)
        }
    }

    @Test func aResponseOverTheCapIsRefused() async throws {
        try await TestServer.withServer { base, loop in
            await #expect(throws: HTTPClientError.tooLarge(limit: 1000)) {
                try await loop.perform(ClientRequest(url: base + "/big", maxResponseBytes: 1000))
            }
            let whole = try await loop.perform(ClientRequest(url: base + "/big"))
            #expect(whole.body.count == 100_000)
        }
    }

    @Test func onlyHTTPAndHTTPSAreAllowed() async throws {
        let loop = CurlLoop()
        defer { loop.shutdown() }
        await #expect(throws: HTTPClientError.unsupportedURL("file:///etc/passwd")) { try await loop.perform(ClientRequest(url: "file:///etc/passwd")) }
        await #expect(throws: HTTPClientError.unsupportedURL("gopher://127.0.0.1/")) { try await loop.perform(ClientRequest(url: "gopher://127.0.0.1/")) }
    }

    @Test func aRefusedConnectionIsATransportError() async throws {
        let loop = CurlLoop()
        defer { loop.shutdown() }
        await #expect {
            try await loop.perform(ClientRequest(url: "http://127.0.0.1:1/"))
        } throws: { error in
            if case .transport = error as? HTTPClientError { true } else { false }
        }
    }

    @Test func tooManyRequestsThenSuccessHonoursTheServersWait() async throws {
        let calls = Counter()
        try await TestServer.withServer(flakyCalls: calls) { base, loop in
            let client = HTTPClient(loop: loop, logger: Logger(label: "test"))
            let started = Date()
            let response = try await client.send(ClientRequest(url: base + "/flaky"))
            let elapsed = Date().timeIntervalSince(started)
            #expect(response.status == 200)
            #expect(response.text == "finally")
            #expect(elapsed >= 1.2, "Retry-After: 1 then retry_after_ms 200 were honoured (\(elapsed)s)")
            #expect(elapsed < 30, "no runaway backoff (a loose bound: tests run in parallel on 2 cores)")
        }
        #expect(calls.value.withLock { $0 } == 3)
    }

    @Test func aHundredRequestsInFlightAtOnce() async throws {
        try await TestServer.withServer { base, loop in
            let started = Date()
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<100 {
                    group.addTask { try await loop.perform(ClientRequest(url: base + "/slow", timeout: 20)).status }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses == Array(repeating: 200, count: 100))
            #expect(Date().timeIntervalSince(started) < 10, "they ran concurrently, not one after another (3 s each)")
        }
    }

    @Test func shutdownFailsWhatIsOutstanding() async throws {
        try await TestServer.withServer { base, _ in
            let loop = CurlLoop()
            let tasks = (0..<5).map { _ in Task { try await loop.perform(ClientRequest(url: base + "/slow", timeout: 20)) } }
            try await Task.sleep(for: .milliseconds(300))
            loop.shutdown()
            for task in tasks {
                await #expect(throws: HTTPClientError.shutDown) { try await task.value }
            }
            await #expect(throws: HTTPClientError.shutDown) { try await loop.perform(ClientRequest(url: base + "/hello")) }
        }
    }
}

@Suite struct RetryPolicyTests {
    let now = Date(timeIntervalSince1970: 1_795_000_000)

    @Test func backoffDoublesUpToTheCapWithJitter() {
        let policy = RetryPolicy(maxAttempts: 10, baseDelay: 0.5, maxDelay: 4)
        let failure = Result<ClientResponse, HTTPClientError>.failure(.timedOut)
        #expect(policy.delay(after: 1, outcome: failure, now: now, jitter: 1) == 0.5)
        #expect(policy.delay(after: 3, outcome: failure, now: now, jitter: 1) == 2)
        #expect(policy.delay(after: 8, outcome: failure, now: now, jitter: 1) == 4)
        #expect(policy.delay(after: 3, outcome: failure, now: now, jitter: 0.25) == 0.5)
        #expect(policy.delay(after: 10, outcome: failure, now: now, jitter: 1) == nil, "attempts are bounded")
    }

    @Test func retryAfterInSecondsOrAsADateAndMatrixRetryAfterMs() {
        let policy = RetryPolicy()
        let seconds = ClientResponse(status: 429, headers: ["retry-after": "7"])
        #expect(policy.delay(after: 1, outcome: .success(seconds), now: now, jitter: 0) == 7)
        let date = ClientResponse(status: 503, headers: ["retry-after": "Wed, 18 Nov 2026 11:07:00 GMT"])
        #expect(policy.delay(after: 1, outcome: .success(date), now: now, jitter: 0) == 20)
        let matrix = ClientResponse(status: 429, body: Array(#"{"errcode":"M_LIMIT_EXCEEDED","retry_after_ms":1500}"#.utf8))
        #expect(policy.delay(after: 1, outcome: .success(matrix), now: now, jitter: 0) == 1.5)
        let greedy = ClientResponse(status: 429, headers: ["retry-after": "86400"])
        #expect(policy.delay(after: 1, outcome: .success(greedy), now: now, jitter: 0) == 300, "bounded")
    }

    @Test func clientErrorsAndCancellationAreNotRetried() {
        let policy = RetryPolicy()
        #expect(policy.delay(after: 1, outcome: .success(ClientResponse(status: 400)), now: now, jitter: 1) == nil)
        #expect(policy.delay(after: 1, outcome: .success(ClientResponse(status: 200)), now: now, jitter: 1) == nil)
        #expect(policy.delay(after: 1, outcome: .failure(.cancelled), now: now, jitter: 1) == nil)
        #expect(policy.delay(after: 1, outcome: .success(ClientResponse(status: 502)), now: now, jitter: 1) == 0.5)
    }
}
