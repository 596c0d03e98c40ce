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
            content = try ContentLoader.load(root: options.root)
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
        } catch {
            printError("flowcoach: \(error)")
            throw ExitCode(1)
        }

        let person = Person(id: "console:\(user)", displayName: user)
        let terminal = inputIsTerminal
        do {
            try await deliver(await runtime.undelivered, runtime: runtime, terminal: terminal)
            try await deliver(try await runtime.handle(.sessionStarted(person, room: "console")), runtime: runtime, terminal: terminal)
            try await deliver(try await runtime.tick(), runtime: runtime, terminal: terminal)
            // Follow-ups fall due while the person is typing (or thinking): check now and then.
            let ticker = Task {
                while !Task.isCancelled {
                    let wait = await runtime.nextWake.map { max(0.2, min(3600, $0.timeIntervalSinceNow)) } ?? 3600
                    await runtime.scheduleChanged.wait(upTo: wait)
                    try Task.checkCancellation()
                    try await deliver(try await runtime.tick(), runtime: runtime, terminal: terminal)
                }
            }
            defer { ticker.cancel() }
            while true {
                if terminal { printNow("you › ") }
                guard let line = readLine() else { break }
                guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
                let id = await runtime.nextLocalEventID(prefix: "console")
                let inbound = Inbound(eventID: id, sender: person, room: "console", text: line)
                try await deliver(try await runtime.handle(.message(inbound)), runtime: runtime, terminal: terminal)
            }
            try await runtime.shutdown()
        } catch {
            printError("flowcoach: \(error)")
            throw ExitCode(1)
        }
    }

    private func deliver(_ replies: [Outbound], runtime: Runtime, terminal: Bool) async throws {
        guard !replies.isEmpty else { return }
        for reply in replies {
            let text = terminal ? "coach › " + reply.text.replacingOccurrences(of: "\n", with: "\n        ") : reply.text
            printNow(text + "\n\n")
        }
        try await runtime.delivered(replies.map(\.id))
    }
}
