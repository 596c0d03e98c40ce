import FlowCoachContent
import Logging
import ServiceLifecycle
import UnixSignals

/// Re-reads `Prompts/` and `Config/` on SIGHUP and swaps them in only when valid; otherwise
/// keeps the running content and logs every problem with its `path:line:column`.
struct ReloadService: Service {
    let root: String
    let config: String?
    let runtime: Runtime
    let notifier: SystemdNotifier
    let logger: Logger

    func run() async throws {
        for await _ in await UnixSignalsSequence(trapping: .sighup).cancelOnGracefulShutdown() {
            notifier.notify("RELOADING=1")
            do {
                let content = try PlatformConfig.load(root: root, config: config).content
                await runtime.reload(content)
            } catch {
                for issue in error.issues { logger.error("\(issue.formatted(root: root))") }
                logger.error("reload refused: \(error.issues.count) problem(s); still running the previous content")
            }
            notifier.notify("READY=1")
        }
    }
}
