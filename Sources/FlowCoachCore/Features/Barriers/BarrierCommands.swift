import Foundation

/// Saying what got in the way: `barrier <text>` (or `barrier delegation: <text>`).
extension Command {
    static let barriers: [Command] = [
        Command(words: [["barrier"], ["barriers"], ["barier"], ["blocker"], ["what", "got", "in", "the", "way"]], arguments: .optional, section: .coaching, help: "help_barrier") { session, call in
            session.recordBarrier(call.text(), for: call.person, room: call.room)
        },
    ]
}
