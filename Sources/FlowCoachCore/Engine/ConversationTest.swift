import Foundation

/// A conversation an admin expects (`Prompts/tests/*.yaml`): the messages a person sends, and
/// after each one what must follow (the dialog they are in, words in the reply, saved answers).
/// `flowcoach test` runs every one on a fresh state and a fixed clock.
public struct ConversationTest: Sendable {
    /// One message and what must be true after it.
    public struct Step: Sendable {
        public var say: String
        /// Where the step is written, for `path:line` in failures.
        public var line: Int
        /// The dialog the person must be in afterwards; `none` for no dialog; nil to not check.
        public var dialog: String?
        public var replyContains: [String]
        public var replyLacks: [String]
        /// Answers the open dialog must have saved, by slot.
        public var slots: [String: String]

        public init(say: String, line: Int, dialog: String? = nil, replyContains: [String] = [], replyLacks: [String] = [],
                    slots: [String: String] = [:]) {
            self.say = say
            self.line = line
            self.dialog = dialog
            self.replyContains = replyContains
            self.replyLacks = replyLacks
            self.slots = slots
        }
    }

    /// A failed expectation, at the line of its step.
    public struct Failure: Sendable {
        public let line: Int
        public let message: String
    }

    public var name: String
    public var file: String
    public var line: Int
    public var steps: [Step]

    /// The fixed moment every test starts at: a Monday, 09:00 UTC.
    public static let start = Date(timeIntervalSince1970: 1_796_029_200)  // 2026-11-30

    public init(name: String, file: String, line: Int, steps: [Step]) {
        self.name = name
        self.file = file
        self.line = line
        self.steps = steps
    }

    /// Runs the conversation; every expectation that does not hold is a failure.
    public func run(_ coach: Coach) -> [Failure] {
        var state = State()
        var clock = Self.start
        let person = Person(id: "@tester:flowcoach.test", displayName: "Sam")
        var failures: [Failure] = []
        for (index, step) in steps.enumerated() {
            clock += 60
            let inbound = Inbound(eventID: "$test-\(index)", sender: person, room: "!test:flowcoach.test", text: step.say)
            let turn = coach.handle(.message(inbound), state: state, now: clock)
            state.apply(turn.changes)
            let reply = turn.replies.map(\.text).joined(separator: "\n\n")
            let fail = { (message: String) in failures.append(Failure(line: step.line, message: "\"\(step.say)\": \(message)")) }
            let folded = TextNormalizer.normalize(reply)
            for words in step.replyContains where !folded.contains(TextNormalizer.normalize(words)) {
                fail("the reply does not contain \"\(words)\"; it was:\n\(reply.indented)")
            }
            for words in step.replyLacks where folded.contains(TextNormalizer.normalize(words)) {
                fail("the reply contains \"\(words)\"; it was:\n\(reply.indented)")
            }
            let active = state.conversations[person.id]
            if let expected = step.dialog, expected != (active?.dialogID ?? "none") {
                fail("expected dialog \(expected), but \(active.map { "the dialog is \($0.dialogID)" } ?? "no dialog is open")")
            }
            for (slot, value) in step.slots.sorted(by: { $0.key < $1.key }) where active?.slots[slot] != value {
                fail("expected \(slot) = \"\(value)\", found \(active?.slots[slot].map { "\"\($0)\"" } ?? "nothing")")
            }
        }
        return failures
    }
}

private extension String {
    var indented: String { split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n") }
}
