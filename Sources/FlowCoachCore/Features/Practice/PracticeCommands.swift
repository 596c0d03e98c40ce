import Foundation

/// Spaced-repetition practice on demand.
extension Command {
    static let practice: [Command] = [
        Command(words: [["practice"], ["practise"]], arguments: .optional, section: .practice, help: "help_practice") { session, call in
            session.startPractice(skill: call.rest.isEmpty ? nil : call.rest, for: call.person, prompted: false)
        },
    ]
}
