import Foundation

/// Spaced-repetition practice: `practice [skill]` (or a nudge) shows due cards one at a time;
/// the person answers, sees the model answer, grades their recall, and FSRS schedules the card.
extension Session {
    /// Cards due for `person` now (new cards are due at once), earliest first; with no skill
    /// named, the cards of their priority skills (from a 360 or assessment) first.
    func dueCards(_ skill: String?, for person: String) -> [PracticeCard] {
        let cards = skill.map(plan.cards(for:)) ?? plan.cards
        let priorities = skill == nil ? prioritySkills(of: person) : []
        let rank = Dictionary(priorities.enumerated().map { ($1, $0) }) { first, _ in first }
        func key(_ card: PracticeCard) -> (Int, Date) {
            (rank[card.skill] ?? priorities.count, draft.card("\(person)|\(card.id)")?.memory.due ?? .distantPast)
        }
        return cards.filter { (draft.card("\(person)|\($0.id)")?.memory.due ?? now) <= now }.sorted { key($0) < key($1) }
    }

    /// Starts a session; `prompted` (a nudge) says nothing when no card is due.
    mutating func startPractice(skill: String?, for person: Person, prompted: Bool) {
        if let skill, plan.cards(for: skill).isEmpty {
            var values: [String: Any] = ["skill": skill]
            if !plan.practiceSkills.isEmpty { values["skills"] = plan.practiceSkills.joined(separator: ", ") }
            say("practice_unknown_skill", values)
            return
        }
        let due = dueCards(skill, for: person.id).prefix(plan.practice.sessionSize)
        guard let first = due.first else {
            if !prompted {
                let next = (skill.map(plan.cards(for:)) ?? plan.cards).compactMap { draft.card("\(person.id)|\($0.id)")?.memory.due }.min()
                say("practice_nothing_due", next.map { ["next": describe($0, clock: clock(for: person.id))] } ?? [:], for: person)
            }
            return
        }
        say("practice_start", ["count": due.count, "one": due.count == 1])
        ask(first, queue: due.dropFirst().map(\.id), for: person)
    }

    private mutating func ask(_ card: PracticeCard, queue: [String], for person: Person) {
        say("practice_card", ["prompt": card.prompt, "skill": card.skill])
        var profile = profile(person)
        profile.awaiting = Awaiting(kind: .practiceAnswer, ref: card.id, queue: queue, since: now)
        draft.put(profile)
    }

    /// The person's answer to a card: show the model answer and ask for a grade.
    mutating func practiceAnswer(_ awaiting: Awaiting, _ text: String, for person: Person) {
        guard let card = plan.card(awaiting.ref) else { return endPractice(for: person) }
        if !card.rubric.isEmpty { readAgainstRubric(text, card, for: person) }
        if card.isReflection {
            // Nothing to recall: thank them, and it comes back on the schedule of a "good".
            say("practice_reflection_noted")
            return review(card, .good, queue: awaiting.queue ?? [], for: person)
        }
        if let answer = card.answer {
            say("practice_model_answer", ["answer": answer], for: person)
        }
        say(card.rubric.isEmpty ? "practice_grade_prompt" : "practice_grade_prompt_scenario")
        var profile = profile(person)
        profile.awaiting = Awaiting(kind: .practiceGrade, ref: card.id, queue: awaiting.queue, since: now)
        draft.put(profile)
    }

    static func grade(_ normalized: String) -> Grade? {
        switch normalized {
        case "again", "1", "forgot": .again
        case "hard", "2": .hard
        case "good", "3": .good
        case "easy", "4": .easy
        default: nil
        }
    }

    /// A grade: FSRS reschedules the card; then the next card, or the session ends.
    mutating func practiceGrade(_ awaiting: Awaiting, _ normalized: String, for person: Person) {
        guard let grade = Self.grade(normalized) else {
            say("practice_grade_usage")
            return
        }
        guard let card = plan.card(awaiting.ref) else { return endPractice(for: person) }
        review(card, grade, queue: awaiting.queue ?? [], for: person)
    }

    /// FSRS reschedules the card; then the next card, or the session ends.
    mutating func review(_ card: PracticeCard, _ grade: Grade, queue: [String], for person: Person) {
        let id = "\(person.id)|\(card.id)"
        var record = draft.card(id) ?? CardRecord(user: person.id, card: card.id, memory: CardMemory(due: now))
        record.memory = plan.practice.fsrs.review(record.memory, grade, at: now)
        record.reviews += 1
        draft.put(record)
        count("practice.reviews")
        if let next = queue.first.flatMap(plan.card) {
            ask(next, queue: Array(queue.dropFirst()), for: person)
        } else {
            endPractice(for: person)
        }
    }

    /// Ends the session and schedules a reminder for when the next card is due.
    mutating func endPractice(for person: Person) {
        var profile = profile(person)
        profile.awaiting = nil
        draft.put(profile)
        let clock = clock(for: person.id)
        let records = plan.cards.compactMap { draft.card("\(person.id)|\($0.id)") }
        let mastered = plan.practiceSkills.filter { skill in
            plan.cards(for: skill).allSatisfy { (draft.card("\(person.id)|\($0.id)")?.memory.stability ?? 0) >= plan.practice.masteryStabilityDays }
        }
        var values: [String: Any] = [:]
        if let next = records.map(\.memory.due).filter({ $0 > now }).min() {
            values["next"] = describe(rules.nextAllowed(next, clock: clock), clock: clock)
            put(ScheduledNudge(id: "p|\(person.id)", due: rules.nextAllowed(next, clock: clock), nominal: next, priority: 2))
        }
        if !mastered.isEmpty { values["mastered"] = mastered.joined(separator: ", ") }
        say("practice_done", values, for: person)
    }

    /// Says, criterion by criterion, what the answer did and what it missed; records each.
    mutating func readAgainstRubric(_ text: String, _ card: PracticeCard, for person: Person) {
        review(text, against: card.rubric, card: card.id, skill: card.skill, for: person)
    }

    /// Reads `text` against `criteria` (a card's rubric or a rehearsal's review), says how it reads, records each.
    mutating func review(_ text: String, against criteria: [RubricCriterion], card: String, skill: String, for person: Person) {
        let review = draft.all(RubricResult.self).filter { $0.user == person.id && $0.card == card }.count / max(criteria.count, 1) + 1
        var lines: [String] = []
        for criterion in criteria {
            let met = criterion.isMet(by: text)
            draft.put(RubricResult(user: person.id, card: card, skill: skill, criterion: criterion.name, review: review, met: met, at: now))
            lines.append(message(met ? "rubric_met" : "rubric_missed", ["text": met ? criterion.met : criterion.missed]))
        }
        say("rubric_feedback", ["lines": lines.joined(separator: "\n")])
    }
}
