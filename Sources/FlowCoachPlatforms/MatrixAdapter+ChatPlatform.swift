import FlowCoachCore

extension MatrixAdapter: ChatPlatform {
    public nonisolated var name: String { "matrix" }

    /// HTML beside the plain body. An event may hold 64 KiB, envelope included: 16,000 bytes of
    /// body and as many of HTML leave room for JSON's escapes.
    public nonisolated var capabilities: PlatformCapabilities {
        PlatformCapabilities(threads: true, formatting: .html, maxLength: 16_000)
    }

    public func receive(after cursor: String?) async throws -> PollBatch? {
        if hsToken != nil { return try await heartbeat(cursor) }
        return try await poll(since: cursor)
    }

    public nonisolated var webhooks: [WebhookEndpoint] {
        guard hsToken != nil else { return [] }
        // The path of the application-service API, and the legacy one older homeservers use.
        return ["/_matrix/app/v1/transactions/:txnId", "/transactions/:txnId"].map { path in
            WebhookEndpoint(platform: name, method: "PUT", path: path, maxBodyBytes: 4 << 20) { request, _ in
                await self.transaction(request)
            }
        }
    }
}
