import Foundation

/// What the coach stores about a person, and erasing it.
extension Command {
    static let privacy: [Command] = [
        Command(words: [["my", "data"]], arguments: .none, access: .directOnly, section: .privacy, help: "help_my_data") { session, call in
            session.myData(for: call.person)
        },
        // Like withdrawing consent, erasure is asked for at any moment, even mid-dialog.
        Command(words: [["forget", "me"]], arguments: .none, scope: .always, access: .directOnly, section: .privacy, help: "help_forget_me") { session, call in
            session.forgetMe(for: call.person)
        },
    ]
}
