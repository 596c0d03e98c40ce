import Foundation

/// Searching and opening the knowledge base, and rating what was opened.
extension Command {
    static let knowledge: [Command] = [
        Command(words: [["search"]], arguments: .some, section: .knowledge, help: "help_search") { session, call in
            session.search(call.text(), for: call.person)
        },
        Command(words: [["show"]], arguments: .one, section: .knowledge, help: "help_show") { session, call in
            let id = call.argument()
            if let question = session.draft.question(id), !question.hidden || session.isAdmin(call.person) {
                session.lines.append(session.thread(question, answers: session.answers(to: question.id)))
            } else {
                session.show(id, for: call.person)
            }
        },
        Command(words: [["helpful"], ["useful"], ["👍"], ["+1"]], arguments: .none, section: .knowledge, help: "help_rate") { session, call in
            session.rate(helpful: true, for: call.person)
        },
        Command(words: [["not", "helpful"], ["unhelpful"], ["not", "useful"], ["👎"]], arguments: .none, section: nil,
                help: "help_rate") { session, call in
            session.rate(helpful: false, for: call.person)
        },
    ]
}
