/// What one event caused: the state changes and the replies to send, committed together.
public struct Turn: Sendable, Equatable {
    public var changes: [Change]
    public var replies: [Outbound]
    /// People whose data this turn erased (`forget me`): the runtime folds the journal into a
    /// snapshot right after committing and scrubs them from kept copies of damaged journals, so
    /// erased data lingers nowhere on disk.
    public var erased: [String] = []
    /// Re-read `Prompts/` and `Config/` as on SIGHUP (`admin reload`).
    public var reload = false

    public init(changes: [Change] = [], replies: [Outbound] = []) {
        self.changes = changes
        self.replies = replies
    }
}
