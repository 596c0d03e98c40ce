import FlowCoachCore
import FlowCoachPlatforms
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

extension Daemon {
    /// `flowcoach chat`: the terminal is a chat platform like any other, run by the same runtime,
    /// platform loop and timer as the daemon; it ends when the input closes (or on Ctrl-C), with a
    /// final snapshot.
    public static func chat(runtime: Runtime, as person: Person, terminal: Bool, logger: Logger) async throws {
        // Message ids are this session's first journal record and the line's number: unique across
        // sessions, since every session starts by committing its greeting.
        let platform = ConsolePlatform(person: person, terminal: terminal, session: String(await runtime.sequence + 1))
        let (replies, outbox) = AsyncStream.makeStream(of: Outbound.self)
        // The greeting (or the offer to resume) is committed first; the platform loop sends it
        // with anything a crash left undelivered.
        _ = try await runtime.handle(.sessionStarted(person, room: platform.room))
        let services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(
                service: PlatformService(platform: platform, runtime: runtime, logger: logger, replies: replies, outbox: outbox),
                successTerminationBehavior: .gracefullyShutdownGroup),
            .init(service: TimerService(runtime: runtime, outbox: outbox, logger: logger)),
        ]
        let group = ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        try await runtime.shutdown()
    }
}
