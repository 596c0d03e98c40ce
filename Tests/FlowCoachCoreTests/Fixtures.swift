import FlowCoachContent
import FlowCoachCore
import Foundation

/// Shared helpers: the shipped content, a fixed time, and a conversation driver.
enum Fixture {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    /// The shipped pack, loaded once for all tests (loading it builds the knowledge index).
    private static let shipped = Result { try ContentLoader.load(root: repoRoot) }

    static func shippedContent() throws -> Content {
        try shipped.get()
    }
}

/// Talks to a `Coach` as one person, applying each turn to the state like the runtime does.
struct Conversationalist {
    let coach: Coach
    var state = State()
    var person = Person(id: "@ana:test", displayName: "Ana")
    var room = "!dm:test"
    var clock = Fixture.now
    var counter = 0

    init(content: Content) {
        coach = Coach(content: content)
    }

    /// Starts a dialog with `text`, answering the opening confidence question (3) if it is asked;
    /// returns the reply that carries the first real question.
    @discardableResult
    mutating func start(_ text: String) -> String {
        let reply = say(text)
        return reply.contains("how confident do you feel") ? say("3") : reply
    }

    /// Sends `text`; returns the reply text ("" when none).
    @discardableResult
    mutating func say(_ text: String) -> String {
        counter += 1
        clock += 60
        let inbound = Inbound(eventID: "$e\(counter)", sender: person, room: room, text: text)
        let turn = coach.handle(.message(inbound), state: state, now: clock)
        state.apply(turn.changes)
        return turn.replies.map(\.text).joined(separator: "\n")
    }
}
