import Foundation

/// Follow-ups that fall due: a debrief (starting the reflection dialog) or a moment's reminder.
extension Session {
    /// Sends every follow-up that is due (one reply each), starting its reflection dialog when
    /// the person is not in the middle of another one.
    /// Sends every follow-up now due; returns the messages.
    mutating func fireFollowUps() -> [Outbound] {
        var replies: [Outbound] = []
        for followUp in draft.base.followUps.values.sorted(by: { ($0.due, $0.id) < ($1.due, $1.id) }) where followUp.due <= now {
            lines = []
            stepsRun = 0
            let person = Person(id: followUp.user, displayName: followUp.displayName)
            draft.delete(FollowUp.self, id: followUp.id)
            if followUp.id.hasSuffix("|reminder"), let dialog = content.dialog(followUp.dialog) {
                var values: [String: Any] = followUp.slots.filter { !$0.key.hasPrefix("_") }.mapValues(Phrase.init)
                values["dialog"] = dialog.title
                values["plan"] = followUp.slots["_plan"] ?? ""
                // The moment as captured, under the names the message knows, whatever the dialog's slots are called.
                for (kind, slot) in dialog.capture { values[kind.rawValue] = followUp.slots[slot].map(Phrase.init) }
                say("moment_reminder", values)
            } else if let dialog = content.dialog(followUp.dialog), let plan = dialog.followUp {
                var values: [String: Any] = followUp.slots
                values["dialog"] = dialog.title
                values["skill"] = dialog.skill
                say(plan.message, values, for: person)
                if let id = plan.dialog, let reflection = content.dialog(id), draft.conversation(person.id) == nil {
                    start(reflection, for: person, room: followUp.room)
                }
            }
            let text = lines.joined(separator: "\n\n")
            guard !text.isEmpty else { continue }
            let reply = Outbound(id: "\(followUp.id).sent", room: followUp.room, text: text)
            draft.put(reply)
            replies.append(reply)
        }
        lines = []
        return replies
    }
}
