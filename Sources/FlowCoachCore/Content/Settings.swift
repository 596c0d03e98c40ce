import Foundation

/// `Config/flowcoach.yaml`: how the daemon runs.
public struct Settings: Sendable {
    /// Which platform adapter to run (`console` for the terminal chat).
    public var platform: String
    /// Where the state lives when the daemon runs.
    public var stateDirectory: String
    /// The default time zone for people who have not set one.
    public var timeZone: String
    /// Immutable user ids allowed to run admin commands.
    public var admins: [String]
    /// Reports leave out any figure drawn from fewer people than this.
    public var reportMinimumGroup = 5
    /// Roles assigned by the admins, by immutable user id; a person's own `role` command overrides.
    public var roles: [String: String] = [:]
    /// Who manages whom, and when managers get their weekly digest (`Features/Managers`).
    public var managers = ManagerSettings()
    /// Longer messages are refused with a clear reply instead of being processed.
    public var maxMessageLength: Int
    /// How many wrong answers to one question before the coach offers a way out.
    public var maxRetries: Int
    /// The journal is folded into a snapshot after this many records.
    public var snapshotEvery: Int
    /// A dialog untouched this many hours is closed when the person writes again.
    public var dialogIdleHours: Double = 48
    /// The lowest trigger score that starts a dialog; below it the coach falls back.
    public var triggerThreshold: Int = 1
    /// The peer Q&A board.
    public var qa = QASettings()
    /// Where `/healthz` listens (a loopback address); port 0 turns the listener off.
    public var listenerHost: String = "127.0.0.1"
    public var listenerPort: Int = 8090

    public init(
        platform: String = "console", stateDirectory: String = ".flowcoach/state", timeZone: String = "UTC",
        admins: [String] = [], maxMessageLength: Int = 4000, maxRetries: Int = 3, snapshotEvery: Int = 1000
    ) {
        self.platform = platform
        self.stateDirectory = stateDirectory
        self.timeZone = timeZone
        self.admins = admins
        self.maxMessageLength = maxMessageLength
        self.maxRetries = maxRetries
        self.snapshotEvery = snapshotEvery
    }
}
