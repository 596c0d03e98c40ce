/// A person as the platform identifies them: an immutable id plus a display name for greetings.
public struct Person: Sendable, Codable, Hashable {
    /// The platform's immutable user id (e.g. `@ana:example.org`); authorisation uses only this.
    public var id: String
    /// What to call them; never used to decide anything.
    public var displayName: String

    public init(id: String, displayName: String) {
        self.id = id
        self.displayName = displayName
    }
}

/// A chat message that reached flowcoach, already translated from the platform's JSON.
public struct Inbound: Sendable, Codable, Hashable {
    /// The platform's id for this message; used to drop duplicates and to key the replies.
    public var eventID: String
    public var sender: Person
    /// Where the message was posted and where replies go (a room, channel or DM id).
    public var room: String
    /// The text as the person typed it.
    public var text: String
    /// When this is a threaded reply to a message the coach wrote: that message's text (a board
    /// post names its question, so the reply becomes an answer to it).
    public var threadRoot: String?
    /// True when posted in a room with other people, not a direct message with the coach.
    public var shared: Bool?
    /// The sender's time zone (IANA) as the platform's profile gives it, when it does (Slack,
    /// Zulip, Mattermost); nudges follow it until the person sets one with `timezone`.
    public var timeZone: String?

    public init(eventID: String, sender: Person, room: String, text: String, threadRoot: String? = nil, shared: Bool? = nil) {
        self.eventID = eventID
        self.sender = sender
        self.room = room
        self.text = text
        self.threadRoot = threadRoot
        self.shared = shared
    }

    public var isDirect: Bool { shared != true }
}

/// Everything the coach reacts to. Time is not read by the core; each event is handled at a `now`
/// the runtime passes in.
public enum Event: Sendable, Hashable {
    /// Someone wrote to the coach.
    case message(Inbound)
    /// Someone opened a session (the terminal chat starting): greet them or offer to resume.
    case sessionStarted(Person, room: String)
    /// Time passed: send what is due (follow-ups).
    case tick
    /// A message that took the process down twice while being handled: recorded as seen and
    /// counted without being handled, and its sender gets one apology.
    case skipped(Inbound)
}
