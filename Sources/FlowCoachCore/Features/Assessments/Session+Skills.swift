import Foundation

/// Priority skills from 360s and assessments: `my skills`, their movement in `my progress`,
/// enrolment by gap, and the lean of practice, nudges and recommendations towards them.
extension Session {
    /// The cohort people enrolled by gap are in (nudges can name it in `audience: {cohorts: [...]}`).
    static let gapCohort = "by-gap"

    var assessmentSettings: AssessmentSettings { plan.assessments }

    func assessments(of person: String) -> AssessmentHistory? {
        draft[AssessmentHistory.self, id: person]
    }

    /// The person's priority skills, most pressing first; none without an assessment.
    func prioritySkills(of person: String) -> [String] {
        assessments(of: person)?.priorities(assessmentSettings).map(\.skill) ?? []
    }

    /// What people call the assessment ("360").
    var assessmentName: String {
        assessmentSettings.name ?? message("assessment_name")
    }

    /// A skill id in words: `giving-feedback` is "giving feedback".
    static func words(_ skill: String) -> String {
        skill.replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "_", with: " ")
    }

    /// `my skills`: each priority skill and where it came from, or a kind word when there are none.
    mutating func mySkills(for person: Person) {
        guard let history = assessments(of: person.id), let latest = history.rounds.last else {
            return say("skills_none", for: person)
        }
        let settings = assessmentSettings
        let priorities = history.priorities(settings)
        guard !priorities.isEmpty else {
            return say("skills_no_gaps", ["name": assessmentName, "date": latest.date, "target": settings.format(settings.target)], for: person)
        }
        let rows = priorities.map { priority in
            var sources: [String] = []
            let standing = priority.standing
            if priority.belowTarget {
                var values: [String: Any] = [
                    "name": assessmentName, "date": standing.date, "score": settings.format(standing.score), "target": settings.format(settings.target),
                ]
                if let before = standing.previousScore, let since = standing.previousDate {
                    values["before"] = settings.format(before)
                    values["since"] = since
                }
                sources.append(message("skills_from_assessment", values))
            }
            if priority.flagged { sources.append(message("skills_flagged")) }
            return message("skills_row", ["skill": Self.words(priority.skill), "sources": sources.joined(separator: "; ")])
        }
        lines.append(([message("skills_intro", ["count": priorities.count, "user": person.displayName])] + rows).joined(separator: "\n"))
        let programs = plan.programs.filter { draft.enrolment("\($0.id)|\(person.id)")?.cohort == Self.gapCohort }
        for program in programs { say("skills_program", ["program": program.title], for: person) }
        say("skills_footer", for: person)
    }

    /// For `my progress` in a direct message: each assessed skill whose score moved between its
    /// last two assessments ("giving feedback: 2.8 → 3.4").
    func skillMovementLines(for person: Person) -> [String] {
        guard inbound?.isDirect != false, let history = assessments(of: person.id) else { return [] }
        let settings = assessmentSettings
        return history.standings.compactMap { standing in
            guard let before = standing.previousScore, let since = standing.previousDate else { return nil }
            return message("progress_skill_movement", [
                "skill": Self.words(standing.skill), "before": settings.format(before), "after": settings.format(standing.score),
                "name": assessmentName, "since": since, "date": standing.date,
            ])
        }
    }

    /// Enrols someone the coach can reach in each program whose `enrol_by_gap` names one of
    /// their priority skills, once, and tells them why: in this turn's reply when they wrote it,
    /// else by a message to their room (returned, with an id that names the enrolment).
    @discardableResult
    mutating func enrolByGap(_ person: String) -> [Outbound] {
        guard plan.programs.contains(where: { !$0.enrolByGap.isEmpty }), let room = draft.profile(person)?.room else { return [] }
        let priorities = prioritySkills(of: person)
        guard !priorities.isEmpty else { return [] }
        var told: [Outbound] = []
        for program in plan.programs {
            guard let skill = priorities.first(where: program.enrolByGap.contains), draft.enrolment("\(program.id)|\(person)") == nil else { continue }
            enrol(person, in: program, cohort: Self.gapCohort, start: now)
            count("assessments.enrolled_by_gap")
            let values: [String: Any] = ["name": assessmentName, "skill": Self.words(skill), "program": program.title]
            if let sender = inbound?.sender, sender.id == person {
                say("skills_enrolled", values, for: sender)
            } else {
                var named = values
                named["user"] = draft.user(person)?.displayName ?? ""
                told.append(Outbound(id: "gap|\(program.id)|\(person)", room: room, text: message("skills_enrolled", named)))
            }
        }
        return told
    }

    /// The skills a scheduled nudge, program unit or practice reminder is about.
    func skills(of entry: ScheduledNudge) -> [String] {
        let parts = entry.id.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        switch parts.first {
        case "n":
            guard parts.count > 1, let nudge = plan.nudge(parts[1]) else { return [] }
            switch nudge.content {
            case .practice(let skill): return skill.map { [$0] } ?? []
            case .checkIn(let skill, _): return [skill]
            case .knowledge(let id): return content.knowledgeItem(id)?.skills ?? []
            case .dialog(let id): return content.dialog(id).map { [$0.skill] } ?? []
            case .message: return []
            }
        case "u":
            guard parts.count == 4, let program = plan.program(parts[1]) else { return [] }
            return unit(parts[1], parts[2])?.skill.map { [$0] } ?? program.skills
        default:
            return []
        }
    }

    /// Whether a due nudge is about one of its person's priority skills: among nudges of the same
    /// priority due together, these go first, so the daily cap keeps them.
    func leansToPriorities(_ entry: ScheduledNudge) -> Bool {
        let priorities = prioritySkills(of: entry.user)
        return !priorities.isEmpty && skills(of: entry).contains(where: priorities.contains)
    }
}

extension Coach {
    /// The changes one import makes: each person's assessment history with the batch's rows
    /// merged in, and enrolment by gap for those the coach can already reach (the others are
    /// enrolled when they first write). Committed as one journal record, all or nothing.
    public func importAssessments(_ batch: AssessmentBatch, state: State, now: Date) -> Turn {
        var session = Session(coach: self, draft: Draft(base: state), now: now)
        var told: [Outbound] = []
        for (person, rows) in Dictionary(grouping: batch.rows, by: \.person).sorted(by: { $0.key < $1.key }) {
            let history = session.assessments(of: person) ?? AssessmentHistory(id: person)
            session.draft.put(history.merging(rows, at: now))
            told += session.enrolByGap(person)
        }
        for message in told { session.draft.put(message) }
        return Turn(changes: session.draft.changes, replies: told)
    }
}
