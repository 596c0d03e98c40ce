import Foundation

/// Learning programs: what there is and joining one.
extension Command {
    static let programs: [Command] = [
        Command(words: [["programs"]], arguments: .none, section: .practice, help: "help_programs") { session, _ in
            session.listPrograms()
        },
        Command(words: [["join"]], arguments: .one, section: .practice, help: "help_join") { session, call in
            session.join(call.argument(), for: call.person)
        },
    ]
}
