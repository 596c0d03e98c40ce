@testable import FlowCoachPlatforms
import FlowCoachCore
import Foundation
import Synchronization
import Testing

/// The adapter against a scripted Zulip server: the event queue and its cursor, a lost queue
/// replaced without losing the messages in between, rate limits, and replies that are never
/// shown twice after a timeout or a restart.
@Suite struct ZulipAdapterTests {
    static let settings = ZulipSettings(site: "http://127.0.0.1:1", email: "coach-bot@example.org")
    static let me = #"{"result":"success","msg":"","user_id":9,"email":"coach-bot@example.org","full_name":"Coach"}"#
    static let ana = #"{"result":"success","msg":"","user":{"user_id":42,"full_name":"Ana Silva","timezone":"Asia/Tokyo","is_bot":false}}"#

    static func dm(_ id: Int, _ content: String, from sender: Int = 42, at time: Double = 1_700_000_000) -> String {
        #"{"id":\#(id),"sender_id":\#(sender),"sender_full_name":"Ana Silva","type":"private","display_recipient":[{"id":\#(sender)},{"id":9}],"content":"\#(content)","timestamp":\#(time),"flags":[]}"#
    }

    static func messages(_ list: [String], newest: Bool = true) -> String {
        #"{"result":"success","msg":"","found_newest":\#(newest),"messages":[\#(list.joined(separator: ","))]}"#
    }

    func adapter(_ server: ScriptedZulip, now: Date = Date()) -> ZulipAdapter {
        ZulipAdapter(settings: Self.settings, transport: server, sleep: { server.slept($0) }, now: { now })
    }

    @Test func theFirstStartRegistersAQueueAndAnswersNoHistory() async throws {
        let server = ScriptedZulip([
            "GET /users/me": [Self.me], "GET /messages": [Self.messages([Self.dm(500, "old")])],
            "POST /register": [#"{"result":"success","msg":"","queue_id":"q1","last_event_id":-1,"max_message_id":500,"event_queue_longpoll_timeout_seconds":90}"#],
        ])
        let zulip = adapter(server)
        try await zulip.connect()
        let batch = try await zulip.poll(after: nil)
        #expect(batch.messages.isEmpty)
        #expect(ZulipCursor(batch.cursor) == ZulipCursor(queueID: "q1", lastEventID: -1, lastMessageID: 500))
        #expect(server.calls.last == "POST /register apply_markdown=false client_gravatar=false event_types=[\"message\"]")
    }

    @Test func eventsBecomeMessagesWithTheSendersTimeZoneAndMoveTheCursor() async throws {
        let events = #"{"result":"success","msg":"","events":[{"type":"heartbeat","id":3},{"type":"message","id":4,"flags":[],"message":\#(Self.dm(501, "coach feedback"))}]}"#
        let server = ScriptedZulip([
            "GET /users/me": [Self.me], "GET /messages": [Self.messages([])], "GET /events": [events], "GET /users/42": [Self.ana],
        ])
        let zulip = adapter(server)
        try await zulip.connect()
        let batch = try await zulip.poll(after: ZulipCursor(queueID: "q1", lastEventID: 2, lastMessageID: 500).text)
        #expect(batch.messages.map(\.text) == ["coach feedback"])
        #expect(batch.messages.first?.timeZone == "Asia/Tokyo")
        #expect(batch.messages.first?.sender == Person(id: "zulip:42", displayName: "Ana Silva"))
        #expect(ZulipCursor(batch.cursor) == ZulipCursor(queueID: "q1", lastEventID: 4, lastMessageID: 501))
        #expect(server.calls.contains("GET /events last_event_id=2 queue_id=q1"))
    }

    @Test func aLostQueueIsReplacedAndTheMessagesInBetweenAreReadBack() async throws {
        let server = ScriptedZulip([
            "GET /users/me": [Self.me],
            "GET /events": [#"{"result":"error","msg":"Bad event queue ID: q1","code":"BAD_EVENT_QUEUE_ID","queue_id":"q1"}"#],
            "POST /register": [#"{"result":"success","msg":"","queue_id":"q2","last_event_id":-1,"max_message_id":504}"#],
            "GET /messages": [
                Self.messages([]),  // at connect
                Self.messages([Self.dm(502, "practice"), Self.dm(503, "Here you go", from: 9), Self.dm(504, "help"), Self.dm(505, "after")]),
            ],
            "GET /users/42": [Self.ana],
        ], status: ["GET /events": 400])
        let zulip = adapter(server)
        try await zulip.connect()
        let batch = try await zulip.poll(after: ZulipCursor(queueID: "q1", lastEventID: 7, lastMessageID: 501).text)
        #expect(batch.messages.map(\.text) == ["practice", "help"], "the bot's own message and one the new queue has are not read back")
        #expect(ZulipCursor(batch.cursor) == ZulipCursor(queueID: "q2", lastEventID: -1, lastMessageID: 504))
        #expect(server.calls.contains("GET /messages anchor=501 apply_markdown=false include_anchor=false num_after=1000 num_before=0"))
    }

    @Test func aRateLimitIsWaitedOutAsZulipAsks() async throws {
        let server = ScriptedZulip(
            ["GET /users/me": [#"{"result":"error","msg":"API usage exceeded rate limit","code":"RATE_LIMIT_HIT","retry-after":2.5}"#, Self.me],
             "GET /messages": [Self.messages([])]],
            status: ["GET /users/me": 429])
        try await adapter(server).connect()
        #expect(server.calls.filter { $0 == "GET /users/me" }.count == 2)
        #expect(server.sleeps.first.map { abs($0 - 2.5) < 0.1 } == true, "\(server.sleeps)")
    }

    @Test func anEmptyBudgetHoldsTheNextCallUntilTheReset() {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(ZulipRateGate.resetWait(["x-ratelimit-remaining": "0", "x-ratelimit-reset": "1700000003.5"], now: now) == 3.5)
        #expect(ZulipRateGate.resetWait(["x-ratelimit-remaining": "12", "x-ratelimit-reset": "1700000003"], now: now) == nil)
        #expect(ZulipRateGate.resetWait(["x-ratelimit-remaining": "0", "x-ratelimit-reset": "1800000000"], now: now) == 60, "a far reset waits a minute at most")
        let gate = ZulipRateGate()
        gate.update(["x-ratelimit-remaining": "0", "x-ratelimit-reset": "1700000002"], now: now)
        #expect(gate.wait(now: now) == 2)
        #expect(gate.wait(now: now.addingTimeInterval(3)) == nil)
    }

    @Test func aReplyGoesToItsConversationOncePerPart() async throws {
        let server = ScriptedZulip([
            "GET /users/me": [Self.me], "GET /messages": [Self.messages([Self.dm(500, "old")])],
            "POST /messages": [#"{"result":"success","msg":"","id":601}"#, #"{"result":"success","msg":"","id":602}"#],
        ])
        let zulip = adapter(server)
        try await zulip.connect()
        let long = (1...3).map { "Part \($0) " + String(repeating: "x", count: 4_000) }.joined(separator: "\n\n")
        try await zulip.send(Outbound(id: "zulip:msg:501.reply", room: "dm:42", text: long))
        let posts = server.calls.filter { $0.hasPrefix("POST /messages") }
        #expect(posts.count == 2)
        #expect(posts.allSatisfy { $0.contains("to=[42]") && $0.contains("type=private") })
        #expect(!server.calls.contains { $0.contains("narrow=") }, "a reply made by this process to a new message is not looked for first")
    }

    @Test func afterARestartAReplyAlreadyOnZulipIsNotSentAgain() async throws {
        // The earlier process posted the first part of 501's reply (id 510), then died.
        let first = "Part 1 " + String(repeating: "x", count: 9_000)
        let second = "Part 2 " + String(repeating: "y", count: 9_000)
        let server = ScriptedZulip([
            "GET /users/me": [Self.me], "GET /messages": [Self.messages([Self.dm(520, "newer")]), Self.messages([Self.dm(499, "Hello!", from: 9), Self.dm(510, first, from: 9)])],
            "POST /messages": [#"{"result":"success","msg":"","id":521}"#],
        ])
        let zulip = adapter(server)
        try await zulip.connect()
        try await zulip.send(Outbound(id: "zulip:msg:501.reply", room: "dm:42", text: first + "\n\n" + second))
        let posts = server.calls.filter { $0.hasPrefix("POST /messages") }
        #expect(posts.count == 1 && posts[0].contains("Part 2"), "\(posts)")
        #expect(server.calls.contains { $0.contains(#"narrow=[{"operand":9,"operator":"sender"},{"operand":[42],"operator":"dm"}]"#) })
    }

    @Test func aSendThatTimedOutIsLookedForBeforeTryingAgain() async throws {
        let server = ScriptedZulip([
            "GET /users/me": [Self.me], "GET /messages": [Self.messages([]), Self.messages([Self.dm(600, "Got it.", from: 9, at: Date().timeIntervalSince1970)])],
            "POST /messages": ["timeout"],
        ])
        let zulip = adapter(server)
        try await zulip.connect()
        let reply = Outbound(id: "zulip:msg:599.reply", room: "dm:42", text: "Got it.")
        await #expect(throws: PlatformError.self) { try await zulip.send(reply) }
        try await zulip.send(reply)  // the server had taken it: found, not posted again
        #expect(server.calls.filter { $0.hasPrefix("POST /messages") }.count == 1)
    }

    @Test func aRefusedSendIsReportedForGood() async throws {
        let server = ScriptedZulip(
            ["GET /users/me": [Self.me], "GET /messages": [Self.messages([])],
             "POST /messages": [#"{"result":"error","msg":"Invalid user ID 77","code":"BAD_REQUEST"}"#]],
            status: ["POST /messages": 400])
        let zulip = adapter(server)
        try await zulip.connect()
        do {
            try await zulip.send(Outbound(id: "zulip:msg:700.reply", room: "dm:77", text: "hi"))
            Issue.record("a refusal is thrown")
        } catch let error as PlatformError {
            #expect(!error.isTransient)
        }
        await #expect(throws: PlatformError.self) { try await zulip.send(Outbound(id: "x", room: "!room:example.org", text: "hi")) }
    }

    @Test func aKeyThatIsRefusedOrSomeoneElsesStopsTheDaemon() async throws {
        let refused = ScriptedZulip(["GET /users/me": [#"{"result":"error","msg":"Invalid API key","code":"UNAUTHORIZED"}"#]], status: ["GET /users/me": 401])
        let other = ScriptedZulip(["GET /users/me": [#"{"result":"success","msg":"","user_id":5,"email":"ana@example.org","full_name":"Ana"}"#]])
        for server in [refused, other] {
            do {
                try await adapter(server).connect()
                Issue.record("connect succeeds with a wrong key")
            } catch let error as PlatformError {
                #expect(error.refusesCredentials, "\(error)")
            }
        }
    }

    @Test func sentRunsAreFoundInOrder() {
        #expect(ZulipAdapter.sentRun(["a", "b", "c"], in: ["x", "a", "b"]) == 1..<3)
        #expect(ZulipAdapter.sentRun(["a", "b"], in: ["b", "a "]) == 1..<2)
        #expect(ZulipAdapter.sentRun(["a"], in: ["x", "y"]).isEmpty)
    }
}

/// A Zulip server that answers from a script: per `METHOD /path`, the answers in turn (the last
/// one again when they run out); `"timeout"` stands for a request that got no answer.
final class ScriptedZulip: ZulipTransport {
    private let state: Mutex<(answers: [String: [String]], status: [String: Int], calls: [String], sleeps: [Double])>

    init(_ answers: [String: [String]], status: [String: Int] = [:]) {
        state = Mutex((answers, status, [], []))
    }

    var calls: [String] { state.withLock { $0.calls } }
    var sleeps: [Double] { state.withLock { $0.sleeps } }
    func slept(_ seconds: Double) { state.withLock { $0.sleeps.append(seconds) } }

    func perform(_ call: ZulipCall) async throws -> ZulipAnswer {
        let key = "\(call.method) \(call.path)"
        let params = call.params.sorted { $0.name < $1.name }.map { "\($0.name)=\($0.value)" }.joined(separator: " ")
        let (body, status): (String?, Int) = state.withLock { state in
            state.calls.append(params.isEmpty ? key : key + " " + params)
            guard var list = state.answers[key], !list.isEmpty else { return (nil, 404) }
            let body = list.count > 1 ? list.removeFirst() : list[0]
            state.answers[key] = list
            // A status applies to the first answer only: what follows succeeds.
            let status = state.status.removeValue(forKey: key) ?? 200
            return (body, status)
        }
        guard let body else { return ZulipAnswer(status: 404, body: Array(#"{"result":"error","msg":"no such endpoint"}"#.utf8)) }
        if body == "timeout" { throw PlatformError.malformed("timed out") }
        return ZulipAnswer(status: status, body: Array(body.utf8))
    }
}
