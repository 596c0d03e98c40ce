/// What one event caused: the state changes and the replies to send, committed together.
public struct Turn: Sendable, Equatable {
    public var changes: [Change]
    public var replies: [Outbound]
    /// Fold the journal into a snapshot right after committing (`forget me`: erased data must
    /// not linger in the journal).
    public var compact = false
    /// Re-read `Prompts/` and `Config/` as on SIGHUP (`admin reload`).
    public var reload = false

    public init(changes: [Change] = [], replies: [Outbound] = []) {
        self.changes = changes
        self.replies = replies
    }
}
