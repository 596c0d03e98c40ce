import Foundation

/// The peer Q&A board: ask, answer, vote, accept, and its moderation.
extension Command {
    static let questions: [Command] = [
        Command(words: [["ask"]], arguments: .some, section: .questions, help: "help_ask") { session, call in
            // "ask anonymously …", "ask anon: …", "ask - anonymously - …", "ask annonymously …": any
            // form of the word, misspelt too, keeps the asker's name off it.
            let marks = { (position: Int) in call.said.word(call.length + position).map { $0.trimmedPunctuation.isEmpty } ?? false }
            var start = 0
            while start < 2, marks(start) { start += 1 }
            let anonymously = QAView.saysAnonymously(call.said.word(call.length + start))
            if anonymously {
                start += 1
                while start < 4, marks(start) { start += 1 }
            }
            session.ask(call.text(from: anonymously ? start : 0), anonymously: anonymously, for: call.person, room: call.room)
        },
        // "ask anonymously …" itself is the row above; these are the other ways to say it.
        Command(words: [["anonymously", "ask"], ["anonymous", "question"], ["anonymous", "question:"]], arguments: .optional, section: .questions,
                help: "help_ask_anonymously") { session, call in
            session.ask(call.text(), anonymously: true, for: call.person, room: call.room)
        },
        Command(words: [["post", "it"]], arguments: .none, section: .questions, help: "help_post_it") { session, call in
            session.postPending(for: call.person, room: call.room)
        },
        Command(words: [["post", "it", "anonymously"], ["post", "it", "anonymous"], ["post", "it", "anon"]], arguments: .none, section: nil,
                help: "help_ask_anonymously") { session, call in
            session.postPending(anonymously: true, for: call.person, room: call.room)
        },
        Command(words: [["questions"], ["open", "questions"]], arguments: .none, section: .questions, help: "help_questions") { session, call in
            session.openQuestions(for: call.person)
        },
        Command(words: [["my", "questions"]], arguments: .none, section: .questions, help: "help_my_questions") { session, call in
            session.myQuestions(for: call.person)
        },
        Command(words: [["answer"]], arguments: .postIDAndText, section: .questions, help: "help_answer") { session, call in
            session.answerQuestion(call.argument(), text: call.text(from: 1), for: call.person)
        },
        Command(words: [["vote"]], arguments: .one, section: .questions, help: "help_vote") { session, call in
            session.vote(call.argument(), for: call.person)
        },
        Command(words: [["accept"]], arguments: .one, section: .questions, help: "help_accept") { session, call in
            session.accept(call.argument(), for: call.person)
        },
        Command(words: [["edit"]], arguments: .postIDAndText, section: .questions, help: "help_edit") { session, call in
            session.edit(call.argument(), text: call.text(from: 1), for: call.person)
        },
        Command(words: [["close"], ["reopen"]], arguments: .postID, section: .questions, help: "help_close") { session, call in
            session.setClosed(call.said.word(0) == "close", call.argument(), for: call.person)
        },
        Command(words: [["expertise"]], arguments: .optional, section: .questions, help: "help_expertise") { session, call in
            session.expertise(call.rest, for: call.person)
        },
        Command(words: [["questions", "off"], ["questions", "on"]], arguments: .none, section: .questions, help: "help_questions_off") { session, call in
            session.routing(enabled: call.said.word(1) == "on", for: call.person)
        },
        Command(words: [["leaderboard"]], arguments: .none, section: .questions, help: "help_leaderboard") { session, _ in
            session.leaderboard()
        },
        // Admins only; the handlers say so to anyone else.
        Command(words: [["hide"], ["unhide"]], arguments: .postID, section: .admin, help: "help_hide") { session, call in
            session.setHidden(call.said.word(0) == "hide", call.argument(), for: call.person)
        },
        Command(words: [["promote"]], arguments: .postID, section: .admin, help: "help_promote") { session, call in
            session.promote(call.argument(), for: call.person)
        },
    ]
}
