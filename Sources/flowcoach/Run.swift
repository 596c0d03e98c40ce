import ArgumentParser
import FlowCoachDaemon
import Foundation
import Logging

/// `flowcoach run`: the long-running daemon on the configured platform.
struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the coach on the configured chat platform until stopped.")

    @OptionGroup var options: RootOptions

    @Option(help: "The configuration file (default: <root>/Config/flowcoach.yaml).")
    var config: String?

    @Option(help: "The state directory (default: state_dir from the configuration).")
    var state: String?

    @Option(help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = ProcessInfo.processInfo.environment["LOG_LEVEL"] ?? "info"

    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("unknown log level \(logLevel)")
        }
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "flowcoach")
        signal(SIGPIPE, SIG_IGN)
        do {
            try await Daemon.run(root: options.root, config: config, stateDirectory: state, logger: logger)
        } catch let error as Daemon.CredentialsRefused {
            logger.critical("flowcoach stopped: \(error)")
            throw ExitCode(Daemon.CredentialsRefused.exitStatus)
        } catch {
            logger.critical("flowcoach stopped: \(error)")
            throw ExitCode(1)
        }
    }
}
