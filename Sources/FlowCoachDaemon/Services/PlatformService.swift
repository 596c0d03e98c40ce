import FlowCoachCore
import FlowCoachPlatforms
import FlowCoachStore
import Foundation
import Logging
import ServiceLifecycle

/// Connects the runtime to a chat platform: a loop that hands each batch to the runtime, and a
/// sender that delivers committed replies, both in flight at once. A store failure stops the
/// daemon (exit non-zero); a platform failure is retried with backoff for as long as it lasts; a
/// platform that ends (the terminal's input closed) ends the service after the last reply.
public struct PlatformService: Service {
    let platform: any ChatPlatform
    let runtime: Runtime
    let health: HealthState
    let notifier: SystemdNotifier
    let logger: Logger
    /// Replies to deliver: this service's own and the timer's.
    let replies: AsyncStream<Outbound>
    let outbox: AsyncStream<Outbound>.Continuation

    public init(
        platform: any ChatPlatform, runtime: Runtime, health: HealthState = HealthState(), notifier: SystemdNotifier = SystemdNotifier(),
        logger: Logger, replies: AsyncStream<Outbound>, outbox: AsyncStream<Outbound>.Continuation
    ) {
        self.platform = platform
        self.runtime = runtime
        self.health = health
        self.notifier = notifier
        self.logger = logger
        self.replies = replies
        self.outbox = outbox
    }

    public func run() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await send(replies) }
            defer { outbox.finish() }
            try await cancelWhenGracefulShutdown { try await poll(into: outbox) }
        }
    }

    private func poll(into outbox: AsyncStream<Outbound>.Continuation) async throws {
        var failures = 0
        var ready = false
        var connected = false
        for reply in await runtime.undelivered { outbox.yield(reply) }
        while !Task.isCancelled {
            do {
                if !connected {
                    try await platform.connect()
                    connected = true
                }
                let since = await runtime.cursor(platform.name)
                guard let batch = try await platform.receive(after: since) else { return }
                let sent = try await runtime.handle(batch: batch.messages, cursor: Cursor(id: platform.name, value: batch.cursor))
                for reply in sent { outbox.yield(reply) }
                health.connected(at: Date())
                failures = 0
                if !ready {
                    ready = true
                    notifier.notify("READY=1")
                    logger.info("connected", metadata: ["platform": "\(platform.name)"])
                }
                notifier.notify("WATCHDOG=1")
            } catch let error as StoreError {
                throw error
            } catch let error as PlatformError where error.refusesCredentials {
                // A revoked token does not come back by retrying: stop, and let the operator act.
                health.disconnected("\(error)")
                throw Daemon.CredentialsRefused(reason: "\(error)")
            } catch {
                if Task.isCancelled { return }
                failures += 1
                runtime.metrics.error("sync")
                health.disconnected("\(error)")
                notifier.notify("WATCHDOG=1")
                let delay = min(15.0, 0.5 * pow(2, Double(min(failures, 6))))
                logger.warning("sync failed; retrying", metadata: ["error": "\(error)", "retry_in_s": "\(delay)"])
                try? await Task.sleep(for: .seconds(delay))
            }
        }
    }

    /// Delivers replies: in order within a room, rooms in parallel, so one slow room never
    /// delays the others (on one screen, the terminal, all in order).
    private func send(_ replies: AsyncStream<Outbound>) async {
        // Each reply's task waits for the previous reply in its room; the discarding group ties
        // their lifetimes to this service, so shutdown waits for sends in flight.
        let oneScreen = platform.capabilities.oneScreen
        await withDiscardingTaskGroup { group in
            var previous: [String: Task<Void, Never>] = [:]
            for await reply in replies {
                let lane = oneScreen ? "" : reply.room
                let before = previous[lane]
                let task = Task {
                    await before?.value
                    await deliver(reply)
                }
                previous[lane] = task
                group.addTask { await task.value }
            }
        }
    }

    /// Sends one reply. A reply the platform refuses for good (e.g. the room is gone) is logged
    /// with its id and dropped from the outbox; anything else is retried until it goes.
    private func deliver(_ reply: Outbound) async {
        var attempt = 0
        while true {
            do {
                try await platform.send(reply)
                try await runtime.delivered([reply.id])
                return
            } catch let error as PlatformError where error.refusesCredentials && error.isUnauthorized {
                // Not the reply's fault: it stays in the outbox for after the token is fixed, and
                // the sync loop, refused the same way, stops the daemon.
                logger.error("reply not sent: the chat server refused the access token", metadata: ["reply": "\(reply.id)"])
                return
            } catch let error as PlatformError where !error.isTransient {
                runtime.metrics.error("send_refused")
                logger.error("reply refused by the platform; dropped", metadata: ["reply": "\(reply.id)", "room": "\(reply.room)", "error": "\(error)"])
                try? await runtime.delivered([reply.id])
                return
            } catch let error as StoreError {
                logger.critical("cannot record a delivery: \(error)")
                return
            } catch {
                attempt += 1
                runtime.metrics.error("send")
                logger.warning("send failed; retrying", metadata: ["reply": "\(reply.id)", "error": "\(error)"])
                try? await Task.sleep(for: .seconds(min(15.0, Double(attempt))))
            }
        }
    }
}
