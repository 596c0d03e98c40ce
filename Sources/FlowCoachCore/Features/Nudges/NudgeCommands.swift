import Foundation

/// People's control of their nudges: off and on, snooze, away, time zone.
extension Command {
    static let nudges: [Command] = [
        Command(words: [["stop", "nudges"]], arguments: .none, section: .nudges, help: "help_stop_nudges") { session, call in
            session.setNudges(on: false, for: call.person)
        },
        Command(words: [["start", "nudges"]], arguments: .none, section: .nudges, help: "help_start_nudges") { session, call in
            session.setNudges(on: true, for: call.person)
        },
        Command(words: [["snooze"]], arguments: .some, section: .nudges, help: "help_snooze") { session, call in
            session.snooze(call.rest, for: call.person)
        },
        Command(words: [["away", "until"]], arguments: .one, section: .nudges, help: "help_away") { session, call in
            session.away(until: call.argument(), for: call.person)
        },
        Command(words: [["timezone"], ["time", "zone"]], arguments: .one, section: .nudges, help: "help_timezone") { session, call in
            session.setTimeZone(call.argument(), for: call.person)
        },
    ]
}
