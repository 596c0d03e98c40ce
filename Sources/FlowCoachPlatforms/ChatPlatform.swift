import FlowCoachCore

/// A chat platform at the edge: the runtime reads batches of messages from it and sends replies
/// through it, and knows nothing else about it. Matrix, the terminal and the in-memory test
/// platform implement it; the runtime and its services are the same for all of them.
public protocol ChatPlatform: Sendable {
    /// The name its read position is kept under in the state (`matrix`, `console`).
    var name: String { get }
    /// What the platform can show and do.
    var capabilities: PlatformCapabilities { get }
    /// Checks the connection before the first batch (e.g. that the token is the bot's).
    func connect() async throws
    /// Waits for the messages after `cursor` (the one last committed); nil when the platform has
    /// ended for good (the terminal's input closed).
    func receive(after cursor: String?) async throws -> PollBatch?
    /// Delivers one reply; sending the same `reply.id` again must not show it twice.
    func send(_ reply: Outbound) async throws
}

/// What a platform can do with the coach's replies.
public struct PlatformCapabilities: Sendable, Equatable {
    /// Replies in threads (a board post's answers).
    public var threads: Bool
    /// The longest reply it takes, in characters.
    public var maxLength: Int

    public init(threads: Bool, maxLength: Int) {
        self.threads = threads
        self.maxLength = maxLength
    }
}

/// One batch of messages and the cursor to commit with their effects.
public struct PollBatch: Sendable {
    public var messages: [Inbound]
    /// Where reading resumes (Matrix `next_batch`); committed together with the effects of `messages`.
    public var cursor: String

    public init(messages: [Inbound], cursor: String) {
        self.messages = messages
        self.cursor = cursor
    }
}
