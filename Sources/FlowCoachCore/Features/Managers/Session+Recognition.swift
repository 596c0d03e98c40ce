import Foundation

/// `recognise 1 great delegation this week` (or a name instead of the number): the coach passes
/// a manager's words to someone on their team, naming the manager. Only to their own reports.
extension Session {
    /// The longest recognition the coach passes on.
    static let recognitionLimit = 500

    mutating func recognise(_ call: Invocation) {
        let manager = call.person
        let members = team(of: manager.id)
        guard !members.isEmpty else {
            audit(call, allowed: false)
            return say("manager_no_team")
        }
        let words = Array(call.said.words.dropFirst(call.length))
        let person: String
        let rest: Int
        if let first = words.first, let number = Int(first) {
            let shown = draft[TeamDesk.self, id: manager.id]?.shown ?? []
            guard number >= 1, number <= shown.count, members.contains(shown[number - 1]) else {
                audit(call, allowed: false)
                return say("recognise_unknown_number", ["number": first])
            }
            person = shown[number - 1]
            rest = 1
        } else {
            switch member(named: words, in: members) {
            case .one(let match, let after):
                person = match
                rest = words.count - after.count
            case .several:
                audit(call, allowed: false)
                return say("manager_name_ambiguous", ["name": call.text()])
            case .nobody:
                audit(call, allowed: false)
                return say("manager_not_on_team", ["name": call.argument()])
            }
        }
        audit(call, allowed: true)
        let text = call.text(from: rest)
        guard text.count <= Self.recognitionLimit else { return say("recognise_too_long", ["limit": Self.recognitionLimit]) }
        guard let room = draft.profile(person)?.room else { return say("recognise_unreachable", ["name": name(of: person)]) }
        var values: [String: Any] = ["manager": manager.displayName]
        if !text.isEmpty { values["text"] = text }
        notices.append((room, message("recognition_message", values)))
        draft.put(Recognition(manager: manager.id, at: now))
        count("managers.recognitions")
        say("recognise_sent", ["name": name(of: person)])
    }
}
