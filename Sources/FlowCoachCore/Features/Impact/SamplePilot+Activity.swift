import Foundation

/// What the sample pilot's people do, week by week: coaching dialogs, applications and their
/// impact, check-ins and other nudges, knowledge ratings, practice and the Q&A board.
extension SamplePilot.Maker {
    mutating func dialogRuns(_ index: Int) -> [DialogRun] {
        let person = people[index]
        let dialogs = content.dialogs.filter { skills.contains($0.skill) && $0.rehearses == nil }
        guard !dialogs.isEmpty else { return [] }
        let main = dialogs.filter { $0.skill == skills[0] }
        var runs: [DialogRun] = []
        for week in 0..<pilot.weeks where active(person, in: week) {
            for _ in 0..<random.count(mean: 0.75 * person.engagement * ramp(week)) {
                let dialog = !main.isEmpty && random.chance(0.5) ? random.pick(main) : random.pick(dialogs)
                let start = unique(workTime(week: week)) { "\(person.id)|\(dialog.id)|\(Int($0.timeIntervalSince1970))" }
                var run = DialogRun(user: person.id, dialog: dialog.id, skill: dialog.skill, startedAt: start)
                run.completed = random.chance(person.completion)
                let questions = dialog.steps.compactMap { step -> String? in
                    if case .ask = step.action { return step.id } else { return nil }
                }
                if run.completed || questions.isEmpty {
                    run.answered = questions
                } else {
                    // Most who stop do so early; a few give up near the end.
                    let stop = min(questions.count - 1, Int(Double(questions.count) * pow(random.unit(), 1.6)))
                    run.answered = Array(questions.prefix(stop))
                    run.endedAtStep = questions[stop]
                }
                run.endedAt = start.addingTimeInterval(Double(run.completed ? random.int(4...18) : random.int(1...6)) * 60)
                if dialog.asksConfidence {
                    let before = min(4, random.int(1...3) + (week >= 3 && random.chance(0.3) ? 1 : 0))
                    if run.completed || random.chance(0.6) { run.confidenceBefore = before }
                    if run.completed { run.confidenceAfter = min(5, before + random.pick([0, 1, 1, 1, 2, 2])) }
                }
                seen(person.id, at: run.endedAt ?? start)
                runs.append(run)
            }
        }
        return runs
    }

    mutating func rateImpact(_ application: inout Application, _ person: SamplePilot.Participant) {
        guard random.chance(0.65) else { return }
        application.impact = min(5, max(1, random.pick([2, 3, 3, 4, 4, 4, 5]) + (person.engagement > 1.5 && random.chance(0.3) ? 1 : 0)))
        let kind = random.pick([Application.ImpactKind.time, .time, .quality, .quality, .customer, .other])
        application.impactKind = kind
        if kind == .time { application.amount = Double(random.int(1...6)) / 2 }
    }

    mutating func chatApplications(_ index: Int) -> [Application] {
        let person = people[index]
        var applications: [Application] = []
        for week in 0..<pilot.weeks where active(person, in: week) {
            for _ in 0..<random.count(mean: 1.5 * person.engagement * ramp(week)) {
                let skill = random.chance(0.5) ? skills[0] : random.pick(skills)
                let at = unique(workTime(week: week)) { "\(person.id)|\(Int64(($0.timeIntervalSince1970 * 1000).rounded()))" }
                var application = Application(user: person.id, skill: skill, note: "Used \(Self.topic(skill)) \(random.pick(SamplePilot.notes))", at: at, source: "chat")
                rateImpact(&application, person)
                seen(person.id, at: at)
                applications.append(application)
            }
        }
        return applications
    }

    /// The check-in nudges in the content (or one weekly check-in on the main skill) for their
    /// audience, each week; answers thin out for light users and stop for those who drop out.
    mutating func checkIns() -> ([CheckIn], [Application]) {
        var definitions: [(id: String, skill: String, audience: Audience)] = []
        for nudge in content.learning.nudges {
            if case .checkIn(let skill, _) = nudge.content { definitions.append((nudge.id, skill, nudge.audience)) }
        }
        if definitions.isEmpty { definitions = [("check-in", skills[0], .everyone)] }
        var checkIns: [CheckIn] = []
        var applications: [Application] = []
        for definition in definitions {
            for person in people where Self.includes(definition.audience, person, program?.cohorts.first?.id) {
                for week in 0..<pilot.weeks {
                    let nominal = workTime(week: week)
                    guard nominal < pilot.until else { continue }
                    var checkIn = CheckIn(id: "\(definition.id)|\(person.id)|\(Int(nominal.timeIntervalSince1970))", user: person.id,
                                          skill: definition.skill, sentAt: nominal)
                    let answers = active(person, in: week) ? min(0.95, 0.45 + 0.3 * person.engagement) : 0.05
                    if random.chance(answers) {
                        let answered = nominal.addingTimeInterval(Double(random.pick([5, 12, 30, 45, 90, 180, 600])) * 60)
                        checkIn.answeredAt = answered
                        checkIn.applied = random.chance(0.45 + 0.2 * min(1, person.engagement))
                        if checkIn.applied == true {
                            let at = unique(answered.addingTimeInterval(60)) { "\(person.id)|\(Int64(($0.timeIntervalSince1970 * 1000).rounded()))" }
                            checkIn.note = "Used \(Self.topic(definition.skill)) \(random.pick(SamplePilot.notes))"
                            var application = Application(user: person.id, skill: definition.skill, note: checkIn.note ?? "", at: at, source: "check-in")
                            rateImpact(&application, person)
                            applications.append(application)
                        }
                        seen(person.id, at: answered)
                    }
                    checkIns.append(checkIn)
                }
            }
        }
        return (checkIns, applications)
    }

    /// A skill id as words: `giving-feedback` → `giving feedback`.
    static func topic(_ skill: String) -> String { skill.replacingOccurrences(of: "-", with: " ") }

    static func includes(_ audience: Audience, _ person: SamplePilot.Participant, _ cohort: String?) -> Bool {
        switch audience {
        case .everyone: true
        case .roles(let roles): roles.contains(person.role)
        case .cohorts(let cohorts): cohort.map(cohorts.contains) ?? false
        case .users(let users): users.contains(person.id)
        }
    }

    /// 👍/👎 on knowledge items about the pilot's skills: some items help more than others.
    mutating func ratings() -> [Rating] {
        let items = content.knowledge.filter { !Set($0.skills).isDisjoint(with: skills) }
        guard !items.isEmpty else { return [] }
        let quality = items.map { _ in 0.5 + random.unit() * 0.45 }
        var ratings: [Rating] = []
        for person in people {
            var rated = Set<Int>()
            for _ in 0..<min(items.count, random.count(mean: 2.5 * person.engagement)) {
                let item = random.int(0...items.count - 1)
                guard rated.insert(item).inserted else { continue }
                let week = random.int(0...(person.stopsAfterWeek ?? pilot.weeks - 1))
                let at = workTime(week: week)
                ratings.append(Rating(user: person.id, item: items[item].id, helpful: random.chance(quality[item]), at: at))
                seen(person.id, at: at)
            }
        }
        return ratings
    }

    func profiles(_ ratings: [Rating]) -> [Profile] {
        people.map { person in
            var profile = Profile(id: person.id, role: person.role)
            for rating in ratings where rating.user == person.id { profile.saw(rating.item) }
            profile.room = person.id
            if !person.expertise.isEmpty { profile.expertise = person.expertise }
            return profile
        }
    }

    /// Practice: cards seen per skill with their FSRS memory (champions reach mastery of the
    /// main skill), and rubric results on scenario cards that improve with each review.
    mutating func practice() -> ([CardRecord], [RubricResult]) {
        let plan = content.learning
        let practised = skills.filter { !plan.cards(for: $0).isEmpty }
        guard !practised.isEmpty else { return ([], []) }
        var criterionEase: [String: Double] = [:]
        for card in plan.cards where practised.contains(card.skill) {
            for criterion in card.rubric where criterionEase[card.skill + "|" + criterion.name] == nil {
                criterionEase[card.skill + "|" + criterion.name] = 0.35 + random.unit() * 0.4
            }
        }
        var records: [CardRecord] = []
        var results: [RubricResult] = []
        for person in people where person.practises {
            var mine = [practised[0]]
            if practised.count > 1, random.chance(0.4) { mine.append(random.pick(Array(practised.dropFirst()))) }
            for skill in mine {
                let cards = plan.cards(for: skill)
                let mastering = person.mastery && skill == practised[0]
                let seenCards = mastering ? cards : Array(random.shuffled(cards).prefix(random.int(min(3, cards.count)...cards.count)))
                let lastWeek = person.stopsAfterWeek ?? pilot.weeks - 1
                for card in seenCards {
                    let reviews = mastering ? random.int(4...7) : random.int(1...4)
                    let last = workTime(week: random.int(max(0, lastWeek - 1)...lastWeek))
                    var memory = CardMemory(due: last)
                    memory.phase = .review
                    memory.step = nil
                    memory.stability = mastering ? 21 + random.unit() * 25 : 0.5 + random.unit() * (reviews >= 3 ? 24 : 8)
                    memory.difficulty = 3 + random.unit() * 5
                    memory.lastReview = last
                    memory.due = last.addingTimeInterval((memory.stability ?? 1) * SamplePilot.day)
                    var record = CardRecord(user: person.id, card: card.id, memory: memory)
                    record.reviews = reviews
                    records.append(record)
                    seen(person.id, at: last)
                    for review in 0..<min(3, reviews) where !card.rubric.isEmpty {
                        let at = workTime(week: min(lastWeek, review * 2))
                        for criterion in card.rubric {
                            let ease = criterionEase[skill + "|" + criterion.name] ?? 0.5
                            let met = random.chance(min(0.95, ease + 0.15 * Double(review) + (person.engagement > 1.5 ? 0.1 : 0)))
                            results.append(RubricResult(user: person.id, card: card.id, skill: skill, criterion: criterion.name,
                                                        review: review + 1, met: met, at: at))
                        }
                    }
                }
            }
        }
        return (records, results)
    }

    /// About one question per ten people a week; most get answers within a day, many accepted.
    mutating func questionsAndAnswers() -> ([PeerQuestion], [PeerAnswer]) {
        var questions: [PeerQuestion] = []
        var answers: [PeerAnswer] = []
        let total = max(1, Int((Double(pilot.people * pilot.weeks) / 10).rounded()))
        for number in 1...total {
            let week = min(pilot.weeks - 1, (number - 1) * pilot.weeks / total)
            let candidates = people.filter { active($0, in: week) }
            guard !candidates.isEmpty else { continue }
            let asker = random.pick(candidates)
            let skill = random.pick(skills)
            let topic = Self.topic(skill)
            let askedAt = workTime(week: week)
            let experts = people.filter { $0.id != asker.id && $0.expertise.contains(skill) }.map(\.id)
            var question = PeerQuestion(
                id: "q\(number)", asker: asker.id, askerName: asker.name, room: asker.id,
                text: random.pick(SamplePilot.questionForms).replacingOccurrences(of: "%@", with: topic), tags: [skill], askedAt: askedAt,
                routedTo: Array(random.shuffled(experts).prefix(3)))
            seen(asker.id, at: askedAt)
            var mine: [PeerAnswer] = []
            if random.chance(0.8) {
                var at = askedAt.addingTimeInterval(Double(random.pick([1, 2, 3, 4, 6, 9, 14, 20, 30])) * 3600)
                let authors = random.shuffled(people.filter { $0.id != asker.id }).prefix(random.int(1...3))
                for author in authors where at < pilot.until {
                    var answer = PeerAnswer(id: "a\(answers.count + mine.count + 1)", question: question.id, author: author.id,
                                            authorName: author.name, text: random.pick(SamplePilot.answerTexts), at: at)
                    answer.voters = Array(random.shuffled(people.map(\.id).filter { $0 != author.id }).prefix(random.int(0...3)))
                    seen(author.id, at: at)
                    mine.append(answer)
                    at = at.addingTimeInterval(Double(random.int(1...12)) * 3600)
                }
            }
            if !mine.isEmpty, random.chance(0.65) {
                question.accepted = mine.max { $0.voters.count < $1.voters.count }?.id
                if random.chance(0.5) { question.closedAt = min(pilot.until.addingTimeInterval(-60), (mine.last?.at ?? askedAt).addingTimeInterval(3600)) }
            }
            questions.append(question)
            answers += mine
        }
        return (questions, answers)
    }

    /// The nudges that reached people, by kind and local hour (UTC here), and whether they
    /// answered within a day: check-ins as answered above; practice reminders at 10:00 for
    /// those who practise; a Monday tip at 09:30; the program's units in its first two weeks.
    mutating func deliveries(_ checkIns: [CheckIn]) -> [NudgeDelivery] {
        var deliveries: [NudgeDelivery] = []
        func hour(_ date: Date) -> Int { Int(date.timeIntervalSince1970.truncatingRemainder(dividingBy: SamplePilot.day) / 3600) }
        for checkIn in checkIns {
            var delivery = NudgeDelivery(id: "n|\(checkIn.id)", user: checkIn.user, kind: "check-in", sentAt: checkIn.sentAt, localHour: hour(checkIn.sentAt))
            delivery.respondedAt = checkIn.answeredAt
            deliveries.append(delivery)
        }
        // (kind, hour, times a week, how likely an engaged person answers)
        var plan: [(kind: String, hour: Int, perWeek: Int, answers: Double, practisers: Bool)] = [
            ("practice", 10, 2, 0.55, true), ("knowledge", 9, 1, 0.2, false),
        ]
        if program != nil { plan.append(("program", 16, 1, 0.4, false)) }
        for person in people {
            for entry in plan where !entry.practisers || person.practises {
                for week in 0..<pilot.weeks where entry.kind != "program" || week < 2 {
                    for _ in 0..<entry.perWeek {
                        var sent = workTime(week: week)
                        // Now and then deferred by the daily cap or a busy calendar, never past 17:00.
                        let late = random.chance(0.15) ? random.int(0...max(0, 17 - entry.hour)) : 0
                        sent = Date(timeIntervalSince1970: (sent.timeIntervalSince1970 / SamplePilot.day).rounded(.down) * SamplePilot.day
                                    + Double(entry.hour + late) * 3600 + Double(random.int(0...20)) * 60)
                        guard sent >= since, sent < pilot.until else { continue }
                        let id = "n|\(entry.kind)|\(person.id)|\(Int(sent.timeIntervalSince1970))"
                        guard ids.insert(id).inserted else { continue }
                        var delivery = NudgeDelivery(id: id, user: person.id, kind: entry.kind, sentAt: sent, localHour: hour(sent))
                        let answers = active(person, in: week) ? min(0.9, entry.answers * (0.6 + 0.4 * person.engagement)) : 0.03
                        if random.chance(answers) {
                            delivery.respondedAt = min(pilot.until.addingTimeInterval(-60), sent.addingTimeInterval(Double(random.pick([2, 5, 15, 40, 120, 300])) * 60))
                            seen(person.id, at: delivery.respondedAt ?? sent)
                        }
                        deliveries.append(delivery)
                    }
                }
            }
        }
        return deliveries
    }

    /// Delivery counters as the daemon keeps them: sent, and the few deferred, skipped or dropped.
    mutating func counters(sent: Int) -> [Counter] {
        [
            Counter(id: "nudges.sent", value: sent),
            Counter(id: "nudges.deferred.quiet", value: sent / 20 + random.int(0...3)),
            Counter(id: "nudges.deferred.cap", value: sent / 40 + random.int(0...2)),
            Counter(id: "nudges.skipped.snoozed", value: random.int(2...8)),
            Counter(id: "nudges.dropped.late", value: random.int(0...2)),
        ]
    }
}
