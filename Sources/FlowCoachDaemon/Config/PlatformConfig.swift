import FlowCoachContent
import FlowCoachCore
import FlowCoachPlatforms

/// The platform sections of `Config/flowcoach.yaml`, read into the platforms' own settings. They
/// are read here because the daemon is the one layer that sees both the content loader and the
/// platforms: the core and `FlowCoachContent` know nothing about Matrix.
public struct PlatformConfig: Sendable, Equatable {
    /// The `matrix:` section, when there is one and it names a homeserver and a user id.
    public var matrix: MatrixSettings?

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
        if settings.platform == "matrix" && !config.has("matrix") {
            config.report(
                "`platform: matrix` needs a `matrix:` section (homeserver, user_id, access_token_env or access_token_file)", at: "platform")
        }
        return platforms
    }
}
