import Foundation

/// Capturing impact: `applied <skill>: <what happened>`, the note after a check-in's "yes",
/// and how much it helped (1-5, a kind, an optional figure).
extension Session {
    /// Every skill the content names (`Content.skillIDs`).
    var knownSkills: [String] { content.skillIDs }

    /// The skill a person means: its id, its words ("giving feedback"), or a unique part of it.
    func skill(named text: String) -> String? {
        let wanted = text.lowercased().split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "_" }).joined(separator: "-")
        guard !wanted.isEmpty else { return nil }
        let skills = knownSkills
        if skills.contains(wanted) { return wanted }
        let partial = skills.filter { $0.contains(wanted) }
        return partial.count == 1 ? partial[0] : nil
    }

    /// `applied <skill>: <what happened>`; `text` is what follows "applied".
    mutating func applied(_ text: String, for person: Person) {
        guard let colon = text.firstIndex(of: ":") else {
            say("applied_usage")
            return
        }
        let name = String(text[..<colon]).trimmed
        let note = String(text[text.index(after: colon)...]).trimmed
        guard let skill = skill(named: name) else {
            let list = knownSkills.joined(separator: ", ")
            say("applied_unknown_skill", ["skill": name, "skills": list])
            return
        }
        guard !note.isEmpty else {
            say("applied_what_happened", ["skill": skill])
            return
        }
        recordApplication(skill: skill, note: note, source: "chat", for: person)
    }

    /// Stores an application and asks how much it helped.
    mutating func recordApplication(skill: String, note: String, source: String, for person: Person) {
        var application = Application(user: person.id, skill: skill, note: String(note.prefix(content.settings.qa.maxLength)), at: now, source: source)
        while draft.application(application.id) != nil { application.id += "+" }
        draft.put(application)
        let count = draft.base.applications.values.filter { $0.user == person.id && $0.skill == skill }.count + 1
        var profile = profile(person)
        profile.awaiting = Awaiting(kind: .impact, ref: application.id, since: now)
        draft.put(profile)
        say("applied_noted", ["count": count, "one": count == 1, "skill": skill])
        say("impact_question")
    }

    /// A reply to "how much did it help": `4`, `4 quality`, `5 time 2`. False when it is not one.
    mutating func answerImpact(_ awaiting: Awaiting, _ normalized: String, for person: Person) -> Bool {
        guard var application = draft.application(awaiting.ref) else { return false }
        guard let impact = Self.impact(normalized) else {
            // A rating out of range, or in words the coach doesn't read: say how, and keep asking.
            if normalized.split(separator: " ").count <= 3, AnswerCheck.number(in: normalized.split(separator: " ").first.map(String.init) ?? "") != nil {
                say("impact_rating_range")
                return true
            }
            var profile = profile(person)
            profile.awaiting = nil
            draft.put(profile)
            return false
        }
        var profile = profile(person)
        profile.awaiting = nil
        draft.put(profile)
        application.impact = impact.rating
        application.impactKind = impact.kind
        application.amount = impact.amount
        draft.put(application)
        say("impact_recorded", ["rating": impact.rating].merging(impact.kind.map { ["kind": $0.rawValue] } ?? [:]) { $1 })
        return true
    }

    /// Reads `4`, `4 quality`, `5 time 2`, `3 customer 1500`, `revenue` counting as customer.
    static func impact(_ normalized: String) -> (rating: Int, kind: Application.ImpactKind?, amount: Double?)? {
        let words = normalized.split(separator: " ").map(String.init)
        guard let first = words.first, let value = AnswerCheck.number(in: first), let rating = Int(exactly: value), (1...5).contains(rating),
              words.count <= 3 else { return nil }
        var kind: Application.ImpactKind?
        var amount: Double?
        for word in words.dropFirst() {
            if let number = Double(word), number.isFinite, amount == nil {
                amount = number
            } else if kind == nil, let parsed = Application.ImpactKind(rawValue: word == "revenue" ? "customer" : word) {
                kind = parsed
            } else {
                return nil
            }
        }
        return (rating, kind, amount)
    }
}
