/// A reply waiting to be delivered. It is committed to the journal before it is sent, and its
/// `id` is the idempotency key (Matrix txnId) reused on every retry, so a resend is never seen twice.
public struct Outbound: Sendable, Codable, Hashable {
    public var id: String
    public var room: String
    public var text: String

    public init(id: String, room: String, text: String) {
        self.id = id
        self.room = room
        self.text = text
    }
}
