import Foundation
import Synchronization

/// Calls to Zulip's REST API that honour its rate limits: a 429 is waited out for as long as its
/// `Retry-After` (or the body's `retry-after`) says and tried again — a refused call was not
/// carried out, so even a send may be repeated — and when `X-RateLimit-Remaining` reaches 0 the
/// next call waits for `X-RateLimit-Reset`. Other error statuses throw `PlatformError.rejected`
/// with Zulip's `code` (e.g. `BAD_EVENT_QUEUE_ID`).
struct ZulipAPI: Sendable {
    let transport: any ZulipTransport
    let gate: ZulipRateGate
    /// Waits that long, in seconds (tests pass one that returns at once).
    let sleep: @Sendable (Double) async throws -> Void
    /// A 429 is tried again this many times before it is thrown (as a transient error).
    var maxRateLimitRetries = 8

    init(transport: any ZulipTransport, gate: ZulipRateGate = ZulipRateGate(),
         sleep: @escaping @Sendable (Double) async throws -> Void = { try await Task.sleep(for: .seconds($0)) }) {
        self.transport = transport
        self.gate = gate
        self.sleep = sleep
    }

    /// Performs `call` and returns the body of its 2xx answer.
    func call(_ call: ZulipCall) async throws -> [UInt8] {
        var limited = 0
        while true {
            if let wait = gate.wait(now: Date()) { try await sleep(wait) }
            let answer = try await transport.perform(call)
            gate.update(answer.headers, now: Date())
            if (200..<300).contains(answer.status) { return answer.body }
            let error = Self.error(answer)
            guard answer.status == 429, limited < maxRateLimitRetries else { throw error }
            limited += 1
            let wait = Self.retryAfter(answer) ?? min(30, 0.5 * pow(2, Double(limited)))
            gate.hold(for: wait, now: Date())
        }
    }

    /// Performs `call` and decodes its answer.
    func json<T: Decodable>(_ type: T.Type, _ call: ZulipCall) async throws -> T {
        try Self.decode(type, try await self.call(call))
    }

    /// Decodes a JSON answer; one that does not fit `type` is `PlatformError.malformed`.
    static func decode<T: Decodable>(_ type: T.Type, _ body: [UInt8]) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(body))
        } catch {
            throw PlatformError.malformed("\(T.self): \(error)")
        }
    }

    /// The error an answer carries: Zulip's `code` and `msg` when the body has them.
    static func error(_ answer: ZulipAnswer) -> PlatformError {
        let object = (try? JSONSerialization.jsonObject(with: Data(answer.body))) as? [String: Any]
        let message = object?["msg"] as? String ?? String(decoding: answer.body.prefix(500), as: UTF8.self)
        return .rejected(status: answer.status, errcode: object?["code"] as? String ?? "", message: message)
    }

    /// The seconds a 429 asks to wait: the `Retry-After` header, else the body's `retry-after`; at most 5 minutes.
    static func retryAfter(_ answer: ZulipAnswer) -> Double? {
        var seconds = answer.headers["retry-after"].flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        if seconds == nil, let object = (try? JSONSerialization.jsonObject(with: Data(answer.body))) as? [String: Any] {
            seconds = (object["retry-after"] as? NSNumber)?.doubleValue
        }
        return seconds.map { min(max(0, $0), 300) }
    }
}

/// When the next call may go: shared by every call of one adapter, so a send and the long poll
/// both respect what the last answer said about the budget.
final class ZulipRateGate: Sendable {
    private let notBefore = Mutex<Date?>(nil)
    /// The longest wait an `X-RateLimit-Reset` may impose, so a clock far off cannot stall the bot.
    static let maxWait = 60.0

    init() {}

    /// Seconds to wait before the next call, or nil to go now.
    func wait(now: Date) -> Double? {
        notBefore.withLock { date in
            guard let date, date > now else { return nil }
            return min(date.timeIntervalSince(now), 300)
        }
    }

    /// Takes in an answer's `X-RateLimit-*` headers: an empty budget holds every call until `X-RateLimit-Reset`.
    func update(_ headers: [String: String], now: Date) {
        guard let reset = Self.resetWait(headers, now: now) else { return }
        hold(for: reset, now: now)
    }

    /// Holds every call for `seconds` from `now` (never shortening a longer hold).
    func hold(for seconds: Double, now: Date) {
        let until = now.addingTimeInterval(seconds)
        notBefore.withLock { date in
            if date == nil || date! < until { date = until }
        }
    }

    /// How long `X-RateLimit-Remaining: 0` asks to wait: until `X-RateLimit-Reset` (a Unix time
    /// in seconds), at most `maxWait`; nil while budget remains or without the headers.
    static func resetWait(_ headers: [String: String], now: Date) -> Double? {
        guard let remaining = headers["x-ratelimit-remaining"].flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) }),
            remaining <= 0, let reset = headers["x-ratelimit-reset"].flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) })
        else { return nil }
        let wait = reset - now.timeIntervalSince1970
        guard wait > 0 else { return nil }
        return min(wait, maxWait)
    }
}
