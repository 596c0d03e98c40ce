import FlowCoachContent
import FlowCoachCore
import FlowCoachHTTP
import FlowCoachPlatforms
import FlowCoachStore
import Logging
import ServiceLifecycle
import UnixSignals

/// `flowcoach run`: recovers the state, connects to the platform and serves until SIGTERM or
/// SIGINT, then finishes the event in hand, takes a snapshot and returns.
public enum Daemon {
    /// Why the daemon could not start, in words an operator can act on.
    public struct StartError: Error, CustomStringConvertible {
        public let description: String
    }

    /// The homeserver refused the access token (or the account behind it): restarting cannot
    /// help, so the process exits with `exitStatus`, which the systemd unit names in
    /// `RestartPreventExitStatus=` so it is not restarted in a loop.
    public struct CredentialsRefused: Error, CustomStringConvertible {
        public let reason: String
        public static let exitStatus: Int32 = 78  // EX_CONFIG
        public var description: String {
            "\(reason). Check the access token and the bot's account (the *_token_env / *_token_file settings of the platform's section), then start flowcoach again"
        }
    }

    public static func run(root: String, config: String?, stateDirectory: String?, logger: Logger) async throws {
        let content: Content
        let platforms: PlatformConfig
        do {
            (content, platforms) = try PlatformConfig.load(root: root, config: config)
        } catch {
            for issue in error.issues { logger.error("\(issue.formatted(root: root))") }
            throw StartError(description: "\(error.issues.count) problem(s) in Prompts/ or Config/; run `flowcoach validate`")
        }
        let directory = stateDirectory ?? content.settings.stateDirectory
        let store = try StateStore(directory: directory, snapshotEvery: content.settings.snapshotEvery)
        for note in store.recoveryNotes { logger.warning("\(note)") }
        let runtime = Runtime(content: content, store: store, logger: logger)
        await runtime.enableReloadRequests()

        let loop = CurlLoop()
        let http = HTTPClient(loop: loop, logger: logger)
        let platform = try platforms.make(content.settings.platform, http: http, logger: logger)
        if !platform.webhooks.isEmpty && content.settings.listenerPort == 0 {
            throw StartError(description: "`platform: \(platform.name)` receives webhooks, so the listener must be on: set `listener: {host: 127.0.0.1, port: 8090}`")
        }
        let notifier = SystemdNotifier()
        let health = HealthState()

        let (replies, outbox) = AsyncStream.makeStream(of: Outbound.self)
        var services: [any Service] = [
            CurlService(loop: loop),
            PlatformService(
                platform: platform, runtime: runtime, health: health, notifier: notifier, logger: logger, replies: replies, outbox: outbox),
            TimerService(runtime: runtime, outbox: outbox, logger: logger),
            ReloadService(root: root, config: config, runtime: runtime, notifier: notifier, logger: logger),
        ]
        if content.settings.listenerPort != 0 {
            services.append(
                ListenerService.application(
                    host: content.settings.listenerHost, port: content.settings.listenerPort, health: health, runtime: runtime,
                    webhooks: platform.webhooks, outbox: outbox, logger: logger))
        }
        let group = ServiceGroup(
            configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        let sequence = await runtime.sequence
        logger.info("flowcoach starting", metadata: ["state": "\(directory)", "journal_seq": "\(sequence)"])
        do {
            try await group.run()
        } catch {
            notifier.notify("STOPPING=1")
            try? await runtime.shutdown()
            throw error
        }
        notifier.notify("STOPPING=1")
        try await runtime.shutdown()
        logger.info("flowcoach stopped")
    }
}
