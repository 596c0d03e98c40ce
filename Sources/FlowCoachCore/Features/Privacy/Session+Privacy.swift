import Foundation

/// People's control of their data: `my data` exports it, `forget me` erases it.
extension Session {
    /// Personal commands are answered only in a direct message, never in a shared room.
    mutating func requireDirect(_ what: String) -> Bool {
        guard inbound?.isDirect == false else { return true }
        lines.append("I only do \"\(what)\" in a direct message with me, so nobody else sees it. Write to me directly.")
        return false
    }

    /// `my data`: everything stored about the person, as JSON.
    mutating func myData(for person: Person) {
        guard requireDirect("my data") else { return }
        let data = PersonalData(of: person.id, in: draft.current)
        guard let json = try? data.json() else {
            lines.append("I couldn't put your data together just now; nothing was changed. Please try again.")
            return
        }
        lines.append("Here is everything I store about you (\(json.utf8.count) bytes of JSON). Say \"forget me\" to have it erased.")
        lines.append("```json\n\(SafeText.inertJSON(json))\n```")
    }

    /// `forget me`: asks for a yes first.
    mutating func forgetMe(for person: Person) {
        guard requireDirect("forget me") else { return }
        var profile = profile(person)
        profile.awaiting = Awaiting(kind: .forgetMe, ref: person.id)
        draft.put(profile)
        lines.append("This erases everything I store about you: your profile, dialogs, applications, practice, check-ins, questions and answers, nudges. Overall counts stay, without your name. It cannot be undone. Say \"yes\" to erase, anything else to keep it.")
    }

    mutating func confirmForget(_ normalized: String, for person: Person) -> Bool {
        guard case .accepted("yes") = AnswerCheck.check(normalized, against: .yesNo) else {
            var profile = profile(person)
            profile.awaiting = nil
            draft.put(profile)
            lines.append("OK, I've kept everything.")
            return true
        }
        let current = draft.current
        for change in PersonalData(of: person.id, in: current).erasure(in: current) { draft.append(change) }
        erased.append(person.id)
        lines.append("Done: I've erased everything I stored about you. If you write again, I'll start fresh.")
        return true
    }
}
