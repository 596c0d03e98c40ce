import FlowCoachCore
import FlowCoachStore
import Foundation
import Logging
import ServiceLifecycle

/// Sleeps until the next follow-up is due (re-checking at least every `recheck` seconds, since a
/// turn may schedule an earlier one), hands `tick` to the runtime and queues the replies.
struct TimerService: Service {
    let runtime: Runtime
    let outbox: AsyncStream<Outbound>.Continuation
    let logger: Logger
    var recheck: Double = 30

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let replies = try await runtime.tick()
                for reply in replies { outbox.yield(reply) }
                if !replies.isEmpty { logger.info("follow-ups sent", metadata: ["count": "\(replies.count)"]) }
                let wait = await runtime.nextWake.map { max(0.05, min(recheck, $0.timeIntervalSinceNow)) } ?? recheck
                try await Task.sleep(for: .seconds(wait))
            }
        }
    }
}
