import FlowCoachContent
import FlowCoachCore
import FlowCoachPlatforms

/// The platform sections of `Config/flowcoach.yaml`, read into the platforms' own settings. They
/// are read here because the daemon is the one layer that sees both the content loader and the
/// platforms: the core and `FlowCoachContent` know nothing about Matrix.
public struct PlatformConfig: Sendable, Equatable {
    /// The `matrix:` section, when there is one and it names a homeserver and a user id.
    public var matrix: MatrixSettings?
    /// The `mattermost:` section, when there is one and it names a server and the bot's user id.
    public var mattermost: MattermostSettings?
    /// The `slack:` section, when there is one and it names where the bot token and signing secret are.
    public var slack: SlackSettings?
    /// The `zulip:` section, when there is one and it names a site and the bot's email.
    public var zulip: ZulipSettings?

    public init(matrix: MatrixSettings? = nil) {
        self.matrix = matrix
    }

    /// Loads `Prompts/` and `Config/` together with the platform sections: a problem in either
    /// comes back in the one sorted `ContentError`, each at its `path:line:column`.
    public static func load(root: String, config: String? = nil) throws(ContentError) -> (content: Content, platforms: PlatformConfig) {
        var platforms = PlatformConfig()
        let content = try ContentLoader.load(root: root, config: config) { section, settings in
            platforms = read(section, settings: settings)
        }
        return (content, platforms)
    }

    /// Reads the platform sections from the configuration's top-level mapping.
    static func read(_ config: ConfigSection, settings: Settings) -> PlatformConfig {
        var platforms = PlatformConfig()
        if let matrix = config.section("matrix") { platforms.matrix = MatrixSettings.read(matrix) }
        if let slack = config.section("slack") { platforms.slack = SlackSettings.read(slack) }
        if settings.platform == "slack" && !config.has("slack") {
            config.report("`platform: slack` needs a `slack:` section (bot_token_env or bot_token_file, signing_secret_env or signing_secret_file)", at: "platform")
        }
        if let mattermost = config.section("mattermost") { platforms.mattermost = MattermostSettings.read(mattermost) }
        if settings.platform == "mattermost" && !config.has("mattermost") {
            config.report("`platform: mattermost` needs a `mattermost:` section (server_url, bot_user_id, bot_token_env or bot_token_file)", at: "platform")
        }
        if let zulip = config.section("zulip") { platforms.zulip = ZulipSettings.read(zulip) }
        if settings.platform == "zulip" && !config.has("zulip") {
            config.report("`platform: zulip` needs a `zulip:` section (site, email, api_key_env or api_key_file)", at: "platform")
        }
        if settings.platform == "matrix" && !config.has("matrix") {
            config.report(
                "`platform: matrix` needs a `matrix:` section (homeserver, user_id, access_token_env or access_token_file)", at: "platform")
        }
        return platforms
    }
}
