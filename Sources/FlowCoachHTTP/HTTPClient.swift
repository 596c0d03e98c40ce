import Foundation
import Logging

/// Sends requests through a `CurlLoop`, retrying by a `RetryPolicy`.
public struct HTTPClient: Sendable {
    public let loop: CurlLoop
    public let retry: RetryPolicy
    let logger: Logger

    public init(loop: CurlLoop, retry: RetryPolicy = RetryPolicy(), logger: Logger) {
        self.loop = loop
        self.retry = retry
        self.logger = logger
    }

    /// Sends `request`; returns the last response (which may be an error status the policy
    /// stopped retrying) or throws the last transport error.
    public func send(_ request: ClientRequest, retry: RetryPolicy? = nil) async throws(HTTPClientError) -> ClientResponse {
        let policy = retry ?? self.retry
        var attempt = 1
        while true {
            let outcome: Result<ClientResponse, HTTPClientError>
            do {
                outcome = .success(try await loop.perform(request))
            } catch {
                outcome = .failure(error)
            }
            guard let delay = policy.delay(after: attempt, outcome: outcome, now: Date(), jitter: Double.random(in: 0...1)) else {
                return try outcome.get()
            }
            logger.debug(
                "retrying", metadata: ["method": "\(request.method)", "attempt": "\(attempt)", "delay": "\(delay)",
                                       "outcome": "\(outcome.map(\.status))"])
            do {
                try await Task.sleep(for: .seconds(delay))
            } catch {
                throw .cancelled
            }
            attempt += 1
        }
    }
}
