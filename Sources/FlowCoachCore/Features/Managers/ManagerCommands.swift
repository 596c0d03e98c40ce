import Foundation

/// The manager loop: people choose what their manager sees; managers see their team and pass
/// on recognition. All in direct messages: none of it belongs in a shared room.
extension Command {
    static let managers: [Command] = [
        Command(words: [["share", "with", "my", "manager"], ["share", "with", "manager"], ["start", "sharing"]], arguments: .none,
                access: .directOnly, section: .privacy, help: "help_share") { session, call in
            session.shareWithManager(for: call.person)
        },
        // Withdrawing consent works at any moment, even mid-dialog (only the whole message counts).
        Command(words: [["stop", "sharing"], ["stop", "sharing", "with", "my", "manager"], ["unshare"]], arguments: .none, scope: .always, access: .directOnly,
                section: .privacy, help: "help_share") { session, call in
            session.stopSharing(for: call.person)
        },
        Command(words: [["my", "sharing"], ["sharing"], ["what", "does", "my", "manager", "see"], ["what", "can", "my", "manager", "see"]], arguments: .none, access: .directOnly, section: .privacy, help: "help_my_sharing") { session, call in
            session.mySharing(for: call.person)
        },
        Command(words: [["my", "team"], ["team"], ["show", "my", "team"], ["how", "is", "my", "team"], ["how", "is", "my", "team", "doing"],
                        ["hows", "my", "team"], ["how's", "my", "team"], ["how's", "my", "team", "doing"]], arguments: .optional, access: .directOnly, section: .coaching, help: "help_my_team") { session, call in
            session.myTeam(call)
        },
        Command(words: [["recognise"], ["recognize"], ["kudos", "to"], ["kudos"]], arguments: .some, access: .directOnly, section: .coaching, help: "help_recognise") { session, call in
            session.recognise(call)
        },
    ]
}
