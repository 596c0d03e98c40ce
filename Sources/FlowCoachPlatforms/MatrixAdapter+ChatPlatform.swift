import FlowCoachCore

extension MatrixAdapter: ChatPlatform {
    public nonisolated var name: String { "matrix" }

    /// HTML beside the plain body. An event may hold 64 KiB, envelope included: 16,000 bytes of
    /// body and as many of HTML leave room for JSON's escapes.
    public nonisolated var capabilities: PlatformCapabilities {
        PlatformCapabilities(threads: true, formatting: .html, maxLength: 16_000)
    }

    public func receive(after cursor: String?) async throws -> PollBatch? {
        try await poll(since: cursor)
    }
}
