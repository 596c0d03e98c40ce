import FlowCoachCore

extension MatrixAdapter: ChatPlatform {
    public nonisolated var name: String { "matrix" }

    public nonisolated var capabilities: PlatformCapabilities { PlatformCapabilities(threads: true, maxLength: 30_000) }

    public func receive(after cursor: String?) async throws -> PollBatch? {
        try await poll(since: cursor)
    }
}
