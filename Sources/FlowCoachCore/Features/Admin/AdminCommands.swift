import Foundation

/// Admin commands: Config's admins only, in a direct message, every attempt audited.
extension Command {
    static let admin: [Command] = [
        Command(words: [["admin", "stats"]], arguments: .none, access: .admin, section: .admin, help: "help_admin_stats") { session, _ in
            session.adminStats()
        },
        Command(words: [["admin", "report"]], arguments: .optional, access: .admin, section: .admin, help: "help_admin_report") { session, call in
            session.adminReport(call.said.words.dropFirst(call.length).map(SafeText.neutralise))
        },
        Command(words: [["admin", "reload"]], arguments: .none, access: .admin, section: .admin, help: "help_admin_reload") { session, _ in
            session.reload = true
            session.say("admin_reloading")
        },
        Command(words: [["admin", "broadcast"]], arguments: .optional, access: .admin, section: .admin, help: "help_admin_broadcast") { session, call in
            session.adminBroadcast(call)
        },
        // Anything else that starts with "admin": the usage, audited like the rest.
        Command(words: [["admin"]], arguments: .optional, access: .admin, section: nil, help: "help_admin_stats") { session, _ in
            session.say("admin_usage")
        },
    ]
}
