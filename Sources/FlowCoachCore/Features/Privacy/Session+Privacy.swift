import Foundation

/// People's control of their data: `my data` exports it, `forget me` erases it.
extension Session {
    /// `my data`: everything stored about the person, as JSON.
    mutating func myData(for person: Person) {
        let data = PersonalData(of: person.id, in: draft.current)
        guard let json = try? data.json() else {
            say("my_data_failed")
            return
        }
        say("my_data_intro", ["bytes": json.utf8.count])
        lines.append("```json\n\(SafeText.inertJSON(json))\n```")
    }

    /// `forget me`: asks for a yes first.
    mutating func forgetMe(for person: Person) {
        var profile = profile(person)
        profile.awaiting = Awaiting(kind: .forgetMe, ref: person.id)
        draft.put(profile)
        say("forget_me_confirm")
    }

    mutating func confirmForget(_ normalized: String, for person: Person) -> Bool {
        guard case .accepted("yes") = AnswerCheck.check(normalized, against: .yesNo) else {
            var profile = profile(person)
            profile.awaiting = nil
            draft.put(profile)
            say("forget_me_kept")
            return true
        }
        let current = draft.current
        for change in PersonalData(of: person.id, in: current).erasure(in: current) { draft.append(change) }
        erased.append(person.id)
        say("forget_me_done")
        return true
    }
}
