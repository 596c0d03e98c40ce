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
    /// The core's text (light markup: paragraphs, `•` lists, `**bold**`, ``` blocks) as the
    /// messages this platform shows: more than one when it is longer than the platform takes.
    func render(_ text: String) -> [RenderedMessage]
    /// The endpoints a push platform serves on the listener (Slack's Events API, a Matrix
    /// application service's transactions); none for a platform that is only polled.
    var webhooks: [WebhookEndpoint] { get }
}

extension ChatPlatform {
    /// Split to `capabilities.maxLength` at paragraph, then line, then word boundaries; with an
    /// HTML version of each part when the platform shows HTML.
    public func render(_ text: String) -> [RenderedMessage] {
        RenderedMessage.render(text, for: capabilities)
    }

    public var webhooks: [WebhookEndpoint] { [] }
}

/// What a platform can do with the coach's replies.
public struct PlatformCapabilities: Sendable, Equatable {
    /// Buttons under a message (none of today's platforms: choices are typed).
    public var buttons: Bool
    /// Replies in threads (a board post's answers).
    public var threads: Bool
    /// What it shows besides plain text.
    public var formatting: TextFormatting
    /// The longest message it takes, in UTF-8 bytes of the text and of its formatted version;
    /// a longer reply goes out as several messages.
    public var maxLength: Int
    /// Every room shows on one screen (the terminal): replies go out one at a time in the order
    /// they were made, whatever their room, instead of rooms in parallel.
    public var oneScreen: Bool

    public init(buttons: Bool = false, threads: Bool, formatting: TextFormatting = .plain, maxLength: Int, oneScreen: Bool = false) {
        self.buttons = buttons
        self.threads = threads
        self.formatting = formatting
        self.maxLength = maxLength
        self.oneScreen = oneScreen
    }
}

/// The rich text a platform shows.
public enum TextFormatting: Sendable, Equatable {
    /// Plain text only (the terminal): the core's text as it is.
    case plain
    /// HTML beside the plain text (Matrix's `org.matrix.custom.html`).
    case html
    /// Markdown in the message itself (Mattermost, Zulip): the platform's adapter writes the
    /// core's light markup in its dialect, with what people typed escaped so it stays text.
    case markdown
    /// Slack's `mrkdwn` in section blocks: its adapter escapes `&`, `<` and `>` so nothing typed
    /// becomes a mention, and writes `**bold**` as `*bold*`.
    case mrkdwn
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
