import ArgumentParser
import FlowCoachContent
import FlowCoachCore
import FlowCoachDaemon
import FlowCoachStore
import Foundation
import Logging

/// `flowcoach chat`: talk to the coach in the terminal, with no chat server. Reads lines from
/// standard input (a terminal or a pipe) and prints the replies; state persists in `--state`.
struct Chat: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Talk to the coach in this terminal (no chat server needed).")

    @OptionGroup var options: RootOptions

    @Option(help: "Your name in the chat.")
    var user: String = ProcessInfo.processInfo.environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? "you"

    @Option(help: "The state directory (default: <root>/.flowcoach/state).")
    var state: String?

    func run() async throws {
        var logger = Logger(label: "flowcoach")
        logger.logLevel = .warning
        let content: Content
        do {
            content = try PlatformConfig.load(root: options.root).content
        } catch {
            for issue in error.issues { printError(issue.formatted(root: options.root)) }
            printError("flowcoach cannot start: fix the \(error.issues.count) problem(s) above (`flowcoach validate` lists them)")
            throw ExitCode(1)
        }
        let directory = state ?? (options.root as NSString).appendingPathComponent(".flowcoach/state")
        let runtime: Runtime
        do {
            let store = try StateStore(directory: directory, snapshotEvery: content.settings.snapshotEvery)
            for note in store.recoveryNotes { logger.warning("\(note)") }
            runtime = Runtime(content: content, store: store, logger: logger)
            let root = options.root
            await runtime.reloadRequests { try? PlatformConfig.load(root: root).content }
        } catch {
            printError("flowcoach: \(error)")
            throw ExitCode(1)
        }

        let person = Person(id: "console:\(user)", displayName: user)
        do {
            try await Daemon.chat(runtime: runtime, as: person, terminal: inputIsTerminal, logger: logger)
        } catch {
            printError("flowcoach: \(error)")
            throw ExitCode(1)
        }
    }
}
