import Foundation

/// Learning programs: `programs`, `join <program>`, `progress`, and delivering their units.
extension Session {
    func unit(_ program: String, _ unit: String) -> ProgramUnit? {
        plan.program(program)?.units.first { $0.id == unit }
    }

    /// Enrols `user` (a person, or a cohort's room for its room units) and schedules the units.
    mutating func enrol(_ user: String, in program: Program, cohort: String, start: Date, rooms: Bool = false) {
        draft.put(Enrolment(program: program.id, cohort: cohort, user: user, start: start))
        let clock = clock(for: user)
        for unit in program.units where unit.toRoom == rooms {
            // A unit whose time of day already passed when someone joins ("+0d at 09:30" at noon)
            // comes at once rather than never.
            let nominal = unit.schedule.next(after: start.addingTimeInterval(-1), clock: clock, anchor: start) ?? start
            let due = rooms ? nominal : rules.nextAllowed(nominal, clock: clock)
            put(ScheduledNudge(id: "u|\(program.id)|\(unit.id)|\(user)", due: due, nominal: nominal, priority: 5))
        }
    }

    /// Dated cohorts with a room get their kickoff and discussion units scheduled once.
    mutating func scheduleCohortRooms() {
        for program in plan.programs {
            for cohort in program.cohorts {
                guard let start = cohort.start, let room = cohort.room, draft.enrolment("\(program.id)|\(room)") == nil else { continue }
                enrol(room, in: program, cohort: cohort.id, start: coach.clockForRooms.instant(start, minute: 0), rooms: true)
            }
        }
    }

    /// The lines of a program unit.
    mutating func sayUnit(_ parts: [String], entry: ScheduledNudge, for person: Person) {
        guard parts.count == 4, let program = plan.program(parts[1]), let unit = unit(parts[1], parts[2]),
            var enrolment = draft.enrolment("\(program.id)|\(entry.user)")
        else { return }
        if !enrolment.done.contains(unit.id) {
            enrolment.done.append(unit.id)
            draft.put(enrolment)
        }
        if let message = unit.message {
            say(message, ["program": program.title], for: person)
        }
        // A discussion also asks what got in the way: the replies in its thread are barriers.
        if unit.kind == .discussion { say("barrier_invite") }
        switch unit.kind {
        case .practice:
            startPractice(skill: unit.skill ?? program.skills.first, for: person, prompted: true)
        case .reflection:
            if let id = unit.dialog, let dialog = content.dialog(id), let room = draft.profile(person.id)?.room, draft.conversation(person.id) == nil {
                start(dialog, for: person, room: room)
            }
        case .kickoff, .burst, .discussion:
            break
        }
    }

    mutating func listPrograms() {
        guard !plan.programs.isEmpty else {
            say("programs_none")
            return
        }
        let rows = plan.programs.map { program in
            let sprints = Set(program.units.map(\.sprint)).count
            return message("programs_row", [
                "id": program.id, "title": program.title, "units": program.units.count, "one_unit": program.units.count == 1,
                "sprints": sprints, "one_sprint": sprints == 1,
            ])
        }
        say("programs_list", ["list": rows.joined(separator: "\n")])
    }

    /// `join <program>`: the self-paced cohort, starting now.
    mutating func join(_ id: String, for person: Person) {
        guard let program = plan.program(id) else {
            say("program_unknown", ["program": id])
            return
        }
        guard draft.enrolment("\(program.id)|\(person.id)") == nil else {
            say("program_already_joined", ["program": program.title])
            return
        }
        let cohort = program.cohorts.first { $0.start == nil }?.id ?? "self-paced"
        enrol(person.id, in: program, cohort: cohort, start: now)
        let personal = program.units.filter { !$0.toRoom }
        say("program_joined", ["program": program.title, "units": personal.count])
    }

    /// `progress`: programs, practice mastery, check-ins.
    mutating func progress(for person: Person) {
        var parts: [String] = []
        for program in plan.programs {
            guard let enrolment = draft.enrolment("\(program.id)|\(person.id)") else { continue }
            let personal = program.units.filter { !$0.toRoom }
            let done = personal.filter { enrolment.done.contains($0.id) }.count
            let next = draft.scheduledNudge(personal.map { "u|\(program.id)|\($0.id)|\(person.id)" }.first { draft.scheduledNudge($0) != nil } ?? "")
            var values: [String: Any] = ["program": program.title, "done": done, "units": personal.count, "completed": next == nil && done == personal.count]
            values["next"] = next.map { describe($0.due, clock: clock(for: person.id)) }
            parts.append(message("progress_program", values))
        }
        for skill in plan.practiceSkills {
            let cards = plan.cards(for: skill)
            let records = cards.compactMap { draft.card("\(person.id)|\($0.id)") }
            guard !records.isEmpty else { continue }
            let mastered = records.filter { ($0.memory.stability ?? 0) >= plan.practice.masteryStabilityDays }.count
            parts.append(mastered == cards.count
                ? message("progress_practice_mastered", ["skill": skill])
                : message("progress_practice", ["skill": skill, "mastered": mastered, "cards": cards.count, "days": Int(plan.practice.masteryStabilityDays)]))
        }
        parts += applicationLines(for: person)
        parts += skillMovementLines(for: person)
        if parts.isEmpty { say("progress_nothing_yet", for: person) } else { lines.append(parts.joined(separator: "\n")) }
    }

    /// A moment in the person's zone, as `day_at_time` says it.
    func describe(_ date: Date, clock: LocalClock) -> String {
        let local = clock.local(date)
        return message("day_at_time", ["day": dayName(local.day, clock: clock), "time": Schedule.clock(local.minute)])
    }

    /// A day as people read it ("Thursday 3 December"), names from `weekday_names` and `month_names`.
    func dayName(_ day: LocalClock.Day, clock: LocalClock) -> String {
        let names = { (key: String) in message(key).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        let weekdays = names("weekday_names"), months = names("month_names")
        let weekday = clock.weekday(day)
        guard weekdays.count == 7, months.count == 12 else { return day.description }
        return message("day_name", ["weekday": weekdays[weekday], "day": day.day, "month": months[day.month - 1]])
    }

    /// Per skill: applications, this week's, the weekly streak and the average impact.
    func applicationLines(for person: Person) -> [String] {
        let mine = draft.all(Application.self).filter { $0.user == person.id }
        guard !mine.isEmpty else { return [] }
        let clock = clock(for: person.id)
        let thisWeek = Self.week(now, clock: clock)
        var lines: [String] = []
        for (skill, rows) in Dictionary(grouping: mine, by: \.skill).sorted(by: { $0.key < $1.key }) {
            let weeks = Set(rows.map { Self.week($0.at, clock: clock) })
            var streak = 0
            var week = weeks.contains(thisWeek) ? thisWeek : thisWeek - 1
            while weeks.contains(week) {
                streak += 1
                week -= 1
            }
            let current = rows.filter { Self.week($0.at, clock: clock) == thisWeek }.count
            let rated = rows.compactMap(\.impact)
            var values: [String: Any] = ["skill": skill, "count": rows.count, "one": rows.count == 1, "week": current]
            if streak > 1 { values["streak"] = streak }
            if !rated.isEmpty { values["impact"] = String(format: "%.1f", Double(rated.reduce(0, +)) / Double(rated.count)) }
            lines.append(message("progress_applied", values))
        }
        return lines
    }

    /// Weeks since 1970 in the person's local time, starting on Mondays.
    static func week(_ date: Date, clock: LocalClock) -> Int {
        let local = date.timeIntervalSince1970 + Double(clock.timeZone.secondsFromGMT(for: date))
        return Int(((local + 3 * 86_400) / (7 * 86_400)).rounded(.down))
    }
}
