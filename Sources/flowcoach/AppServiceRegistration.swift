import ArgumentParser
import FlowCoachContent
import FlowCoachCore
import FlowCoachDaemon
import FlowCoachPlatforms
import Foundation

/// `flowcoach appservice-registration`: the registration file a homeserver (Synapse's
/// `app_service_config_files`) needs for `mode: appservice`, with the tokens the configuration
/// names, so the homeserver and the daemon agree on them.
struct AppServiceRegistration: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "appservice-registration",
        abstract: "Print the Matrix application-service registration YAML for this configuration.")

    @OptionGroup var options: RootOptions

    @Option(help: "The URL the homeserver pushes to: this daemon's listener (default: http://<listener host>:<port>).")
    var url: String?

    func run() throws {
        let loaded: (content: FlowCoachCore.Content, platforms: PlatformConfig)
        do {
            loaded = try PlatformConfig.load(root: options.root)
        } catch {
            for issue in error.issues { printError(issue.formatted(root: options.root)) }
            throw ExitCode(1)
        }
        guard let matrix = loaded.platforms.matrix, matrix.appService != nil else {
            printError("the configuration has no `matrix:` section with `mode: appservice` (and hs_token_env or hs_token_file)")
            throw ExitCode(1)
        }
        let asToken: String, hsToken: String
        do {
            asToken = try matrix.accessToken()
            hsToken = try matrix.hsToken()
        } catch {
            printError("\(error): set them first (two long random strings, e.g. `openssl rand -hex 32`), then run this again")
            throw ExitCode(1)
        }
        let settings = loaded.content.settings
        let target = url ?? "http://\(settings.listenerHost):\(settings.listenerPort)"
        let localpart = String(matrix.userID.dropFirst().prefix { $0 != ":" })
        let regex = NSRegularExpression.escapedPattern(for: matrix.userID)
        print("""
            # Matrix application service registration for flowcoach. Give this file to the homeserver
            # (Synapse: app_service_config_files) and restart it. It holds two secrets: keep it private.
            id: flowcoach
            url: "\(target)"
            as_token: "\(asToken)"
            hs_token: "\(hsToken)"
            sender_localpart: "\(localpart)"
            rate_limited: false
            namespaces:
              users:
                - exclusive: true
                  regex: "\(regex.replacingOccurrences(of: "\\", with: "\\\\"))"
              aliases: []
              rooms: []
            """)
    }
}
