import FlowCoachHTTP
import FlowCoachPlatforms
import Logging

extension PlatformConfig {
    /// The platform `flowcoach run` serves, built from its section of the configuration; its
    /// secrets come from the environment or a file, never from the YAML.
    func make(_ name: String, http: HTTPClient, logger: Logger) throws -> any ChatPlatform {
        switch name {
        case "matrix":
            guard let matrix else { throw Daemon.StartError(description: "`platform: matrix` needs a `matrix:` section") }
            let token: String
            var hsToken: String?
            do {
                token = try matrix.accessToken()
                if matrix.appService != nil { hsToken = try matrix.hsToken() }
            } catch {
                throw Daemon.CredentialsRefused(reason: "\(error)")
            }
            return MatrixAdapter(settings: matrix, token: token, hsToken: hsToken, http: http, logger: logger)
        case "mattermost":
            guard let mattermost else { throw Daemon.StartError(description: "`platform: mattermost` needs a `mattermost:` section") }
            do {
                return MattermostAdapter(
                    settings: mattermost, token: try mattermost.botToken(), webhookTokens: try mattermost.webhookTokens(), http: http, logger: logger)
            } catch {
                throw Daemon.CredentialsRefused(reason: "\(error)")
            }
        case "slack":
            guard let slack else { throw Daemon.StartError(description: "`platform: slack` needs a valid `slack:` section; run `flowcoach validate`") }
            do {
                return SlackAdapter(settings: slack, token: try slack.botToken(), signingSecret: try slack.signingSecret(), http: http, logger: logger)
            } catch {
                throw Daemon.CredentialsRefused(reason: "\(error)")
            }
        case "zulip":
            guard let zulip else { throw Daemon.StartError(description: "`platform: zulip` needs a valid `zulip:` section; run `flowcoach validate`") }
            do {
                return ZulipAdapter(settings: zulip, apiKey: try zulip.apiKey(), http: http, logger: logger)
            } catch {
                throw Daemon.CredentialsRefused(reason: "\(error)")
            }
        default:
            throw Daemon.StartError(description: "`flowcoach run` serves a chat platform (`platform: matrix`); for the terminal use `flowcoach chat`")
        }
    }
}
