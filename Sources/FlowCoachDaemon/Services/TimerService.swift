import FlowCoachCore
import FlowCoachStore
import Foundation
import Logging
import ServiceLifecycle

/// Sleeps until the next follow-up is due, or until a turn schedules a new one, then hands
/// `tick` to the runtime and queues the replies. It also takes what `flowcoach import` left in the
/// state's inbox, so it wakes at least every `inboxEvery` seconds (a directory listing).
public struct TimerService: Service {
    let runtime: Runtime
    let outbox: AsyncStream<Outbound>.Continuation
    let logger: Logger
    var longestSleep: Double = 3600
    /// How often the inbox is looked at: an import waiting there is taken within this time.
    var inboxEvery: Double = 30

    public init(runtime: Runtime, outbox: AsyncStream<Outbound>.Continuation, logger: Logger) {
        self.runtime = runtime
        self.outbox = outbox
        self.logger = logger
    }

    public func run() async throws {
        try await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let replies = try await runtime.takeInbox() + runtime.tick()
                for reply in replies { outbox.yield(reply) }
                if !replies.isEmpty { logger.info("follow-ups sent", metadata: ["count": "\(replies.count)"]) }
                let longest = min(longestSleep, inboxEvery)
                let wait = await runtime.nextWake.map { max(0.05, min(longest, $0.timeIntervalSinceNow)) } ?? longest
                // Cancelled on graceful shutdown: the loop then ends normally.
                await runtime.scheduleChanged.wait(upTo: wait)
            }
        }
    }
}
