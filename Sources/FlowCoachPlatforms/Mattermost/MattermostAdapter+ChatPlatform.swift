import FlowCoachCore

extension MattermostAdapter: ChatPlatform {
    public nonisolated var name: String { "mattermost" }

    /// Markdown in the post itself. A post holds 16,383 characters; counting UTF-8 bytes instead
    /// keeps every part under that whatever the script.
    public nonisolated var capabilities: PlatformCapabilities {
        PlatformCapabilities(threads: false, formatting: .markdown, maxLength: Self.maxPostLength)
    }

    static let maxPostLength = 16_383

    public func receive(after cursor: String?) async throws -> PollBatch? {
        try await poll(after: cursor)
    }

    /// The core's text as Mattermost Markdown (`MattermostMarkdown`), split at paragraphs, then
    /// lines, then words into posts of at most 16,383 bytes; a part whose escapes make it too
    /// long is split again, finer. Nothing is ever cut off.
    public nonisolated func render(_ text: String) -> [RenderedMessage] {
        Self.render(text, limit: Self.maxPostLength)
    }

    nonisolated static func render(_ text: String, limit: Int, budget: Int? = nil) -> [RenderedMessage] {
        var messages: [RenderedMessage] = []
        let budget = budget ?? limit
        for part in MessageSplitter.split(text, limit: budget) {
            let markdown = MattermostMarkdown.markdown(part)
            if markdown.utf8.count <= limit || budget <= 16 {
                messages.append(RenderedMessage(body: markdown))
            } else {
                // As much text as makes `limit` bytes at this part's ratio, and less than before.
                let smaller = max(16, min(budget - 1, part.utf8.count * limit / markdown.utf8.count))
                messages += render(part, limit: limit, budget: smaller)
            }
        }
        return messages
    }

    public nonisolated var webhooks: [WebhookEndpoint] { webhookEndpoints }
}
