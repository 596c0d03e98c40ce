import Foundation

/// When to try a request again: on transport errors, timeouts and 429/502/503/504, with bounded
/// exponential backoff and full jitter, honouring the server's `Retry-After` (seconds or an HTTP
/// date) and Matrix's `retry_after_ms`.
public struct RetryPolicy: Sendable {
    /// Attempts in all, the first included.
    public var maxAttempts: Int
    /// The backoff before the second attempt; it doubles each time up to `maxDelay`.
    public var baseDelay: Double
    public var maxDelay: Double
    /// A server's own wait is honoured up to this many seconds.
    public var maxServerDelay: Double
    public var retryableStatuses: Set<Int>

    public init(maxAttempts: Int = 6, baseDelay: Double = 0.5, maxDelay: Double = 30, maxServerDelay: Double = 300,
                retryableStatuses: Set<Int> = [429, 502, 503, 504]) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxServerDelay = maxServerDelay
        self.retryableStatuses = retryableStatuses
    }

    /// No retries.
    public static let never = RetryPolicy(maxAttempts: 1)

    /// Seconds to wait before attempt `attempt + 1`, or nil to give up. `jitter` is in 0...1.
    public func delay(after attempt: Int, outcome: Result<ClientResponse, HTTPClientError>, now: Date, jitter: Double) -> Double? {
        guard attempt < maxAttempts else { return nil }
        switch outcome {
        case .success(let response):
            guard retryableStatuses.contains(response.status) else { return nil }
            if let server = Self.serverDelay(response, now: now) { return min(max(0, server), maxServerDelay) }
        case .failure(let error):
            switch error {
            case .cancelled, .shutDown, .unsupportedURL, .tooLarge: return nil
            case .timedOut, .transport: break
            }
        }
        let ceiling = min(maxDelay, baseDelay * pow(2, Double(attempt - 1)))
        return ceiling * min(max(jitter, 0), 1)
    }

    /// The wait a server asked for: `Retry-After` first, then a Matrix body's `retry_after_ms`.
    static func serverDelay(_ response: ClientResponse, now: Date) -> Double? {
        if let header = response.headers["retry-after"]?.trimmingCharacters(in: .whitespaces) {
            if let seconds = Double(header) { return seconds }
            if let date = httpDate.parse(header) { return date.timeIntervalSince(now) }
        }
        if let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any],
            let milliseconds = object["retry_after_ms"] as? Double
        {
            return milliseconds / 1000
        }
        return nil
    }

    static let httpDate = HTTPDate()
}

/// Parses IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the HTTP date format.
struct HTTPDate: Sendable {
    func parse(_ text: String) -> Date? {
        let parts = text.split(separator: " ")
        let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        guard parts.count == 6, parts[5] == "GMT", let day = Int(parts[1]),
            let month = months.firstIndex(of: parts[2].lowercased()), let year = Int(parts[3])
        else { return nil }
        let clock = parts[4].split(separator: ":").compactMap { Int($0) }
        guard clock.count == 3 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "GMT")!
        return calendar.date(from: DateComponents(year: year, month: month + 1, day: day, hour: clock[0], minute: clock[1], second: clock[2]))
    }
}
