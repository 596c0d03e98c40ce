import Foundation

/// Telling the coach about yourself and what you applied.
extension Command {
    static let coaching: [Command] = [
        Command(words: [["applied"]], arguments: .optional, section: .coaching, help: "help_applied") { session, call in
            session.applied(call.text(), for: call.person)
        },
        Command(words: [["progress"], ["my", "progress"]], arguments: .none, section: .coaching, help: "help_progress") { session, call in
            session.progress(for: call.person)
        },
        Command(words: [["my", "role"], ["role"]], arguments: .none, section: nil, help: "help_role") { session, call in
            let role = session.profile(call.person).role
            session.say(role == nil ? "role_none" : "role_is", ["role": role ?? ""])
        },
        Command(words: [["role"]], arguments: .one, section: .coaching, help: "help_role") { session, call in
            var profile = session.profile(call.person)
            profile.role = call.argument()
            session.draft.put(profile)
            session.say("role_set", ["role": call.argument()])
        },
    ]
}
