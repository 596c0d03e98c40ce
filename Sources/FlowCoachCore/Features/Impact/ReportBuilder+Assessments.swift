import Foundation

/// 360 and assessment results in the report: intake coverage (how many active people have an
/// assessment) and gap movement by skill (before and after, for people assessed twice), each
/// shown only when drawn from enough people.
extension ReportBuilder {
    func intake(_ scope: Scope, active: Set<String>, _ hidden: inout [String]) -> Report.Intake {
        let settings = content.learning.assessments
        let asOf = LocalClock(.gmt).local(until).day.description
        let histories = state[AssessmentHistory.self].values
            .filter { scope.has($0.id) }
            .map { $0.asOf(asOf) }
            .filter { !$0.rounds.isEmpty }
        var section = Report.Intake()
        guard !histories.isEmpty else { return section }
        let assessed = histories.filter { active.contains($0.id) }.count
        section.assessed = guarded(assessed, people: assessed, "intake/active people assessed", &hidden)
        if section.assessed != nil, active.count >= minimumGroup { section.coverage = Double(assessed) / Double(active.count) }
        let standings = histories.map { history in
            (standings: Dictionary(history.standings.map { ($0.skill, $0) }) { first, _ in first },
             priorities: Set(history.priorities(settings).map(\.skill)), history: history)
        }
        let skills = Set(standings.flatMap(\.standings.keys)).filter(scope.covers).sorted()
        for skill in skills {
            let people = standings.filter { $0.standings[skill] != nil }
            guard shows(people: people.count, "gaps \(skill)", &hidden) else { continue }
            let prioritised = people.filter { $0.priorities.contains(skill) }.count
            let below = people.filter { ($0.standings[skill]?.score ?? settings.target) < settings.target }.count
            var gap = Report.SkillGap(
                skill: skill, assessed: people.count,
                prioritised: prioritised == 0 ? 0 : guarded(prioritised, people: prioritised, "gaps \(skill)/a priority for", &hidden),
                belowTarget: below == 0 ? 0 : guarded(below, people: below, "gaps \(skill)/below target", &hidden))
            let moves = people.compactMap { Self.firstAndLast(skill, in: $0.history) }
            gap.reassessed = guarded(moves.count, people: moves.count, "gaps \(skill)/before → after", &hidden)
            if gap.reassessed != nil, !moves.isEmpty {
                gap.averageBefore = moves.map(\.first).reduce(0, +) / Double(moves.count)
                gap.averageAfter = moves.map(\.last).reduce(0, +) / Double(moves.count)
            }
            section.bySkill.append(gap)
        }
        section.target = settings.target
        return section
    }

    /// A skill's earliest and latest score, when it was assessed on two dates or more.
    static func firstAndLast(_ skill: String, in history: AssessmentHistory) -> (first: Double, last: Double)? {
        let scores = history.assessments(of: skill).map(\.rating.score)
        guard scores.count >= 2, let first = scores.first, let last = scores.last else { return nil }
        return (first, last)
    }
}

extension ReportRows {
    /// The intake rows, when anyone in scope has an assessment.
    static func intakeRows(_ report: Report, _ add: (String, String, String?) -> Void) {
        let intake = report.intake
        guard intake.assessed != nil || report.isHidden("intake", "active people assessed") || !intake.bySkill.isEmpty else { return }
        add("intake", "active people assessed", intake.assessed.map { assessed in
            guard let active = report.activePeople, let coverage = intake.coverage else { return String(assessed) }
            return "\(assessed) of \(active) (\(Figure.share(coverage)))"
        })
        for gap in intake.bySkill {
            let section = "gaps \(gap.skill)"
            add(section, "assessed", String(gap.assessed))
            // A count of a few people in a known group would point at them: below the minimum it says so instead.
            func count(_ people: Int?) -> String { people.map(String.init) ?? "fewer than \(report.minimumGroup)" }
            add(section, "a priority for", count(gap.prioritised))
            add(section, "below target (\(intake.target.map { String(format: "%g", $0) } ?? "—"))", count(gap.belowTarget))
            add(section, "before → after", gap.averageBefore.flatMap { before in
                gap.averageAfter.map { after in
                    let people = gap.reassessed ?? 0
                    return "\(Figure.decimal(before)) → \(Figure.decimal(after)) (\(people) \(people == 1 ? "person" : "people") assessed twice or more)"
                }
            })
        }
    }
}
