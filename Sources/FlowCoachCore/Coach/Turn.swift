/// What one event caused: the state changes and the replies to send, committed together.
public struct Turn: Sendable, Equatable {
    public var changes: [Change]
    public var replies: [Outbound]

    public init(changes: [Change] = [], replies: [Outbound] = []) {
        self.changes = changes
        self.replies = replies
    }
}
