import FlowCoachCore

extension SlackAdapter: ChatPlatform {
    public nonisolated var name: String { "slack" }

    /// mrkdwn in section blocks, buttons for choices, threads for answers to board posts; a
    /// message carries up to 12,000 bytes (sections of 3,000), longer replies go as several.
    public nonisolated var capabilities: PlatformCapabilities {
        PlatformCapabilities(buttons: true, threads: true, formatting: .mrkdwn, maxLength: SlackMarkup.messageLimit)
    }

    /// Messages come by webhook; this is the connection check `/healthz` shows.
    public func receive(after cursor: String?) async throws -> PollBatch? {
        try await heartbeat(after: cursor)
    }

    /// The mrkdwn of each message a reply becomes (its buttons are not part of the text).
    public nonisolated func render(_ text: String) -> [RenderedMessage] {
        SlackMarkup.messages(text).map { RenderedMessage(body: $0.text) }
    }
}
