import FlowCoachCore

extension ZulipAdapter: ChatPlatform {
    public nonisolated var name: String { "zulip" }

    /// Zulip Markdown in the message itself; 10,000 characters a message (Zulip counts Unicode
    /// scalars, never fewer than UTF-8 bytes). No threads: a stream's topics are not replies.
    public nonisolated var capabilities: PlatformCapabilities {
        PlatformCapabilities(threads: false, formatting: .markdown, maxLength: ZulipMarkdown.maxCharacters)
    }

    public func receive(after cursor: String?) async throws -> PollBatch? {
        try await poll(after: cursor)
    }

    /// The core's text as Zulip messages: split under the limit, nothing in it able to mention anyone.
    public nonisolated func render(_ text: String) -> [RenderedMessage] {
        ZulipMarkdown.render(text)
    }
}
