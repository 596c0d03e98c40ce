import Foundation

/// The report's practice sections and each program's progress against its goals.
extension ReportBuilder {
    /// Per skill and criterion, in the window: the share of answers that met it.
    func criteria(_ scope: Scope, _ hidden: inout [String]) -> [Report.CriterionRate] {
        let results = state[RubricResult.self].values.filter { scope.has($0.user) && scope.covers($0.skill) && inWindow($0.at) }
        var rows: [Report.CriterionRate] = []
        for (skill, results) in Dictionary(grouping: results, by: \.skill).sorted(by: { $0.key < $1.key }) {
            var left = 0
            for (criterion, group) in Dictionary(grouping: results, by: \.criterion).sorted(by: { $0.key < $1.key }) {
                let people = Set(group.map(\.user)).count
                guard people >= minimumGroup else {
                    left += 1
                    continue
                }
                rows.append(Report.CriterionRate(skill: skill, criterion: criterion, people: people, answers: group.count,
                                                 metShare: Double(group.filter(\.met).count) / Double(group.count)))
            }
            // One note per skill, not one per criterion.
            if left > 0 { hidden.append(rows.contains { $0.skill == skill } ? "practice \(skill)/\(left) more criteria" : "practice \(skill)") }
        }
        return rows
    }

    /// Per practised skill: how many people practise it and how many mastered it (as of now).
    func mastery(_ scope: Scope, _ hidden: inout [String]) -> [Report.SkillMastery] {
        let plan = content.learning
        var rows: [Report.SkillMastery] = []
        let byUser = Dictionary(grouping: state.cards.values.filter { scope.has($0.user) }, by: \.user)
        for skill in plan.practiceSkills where scope.covers(skill) {
            let cards = Set(plan.cards(for: skill).map(\.id))
            var practising = 0
            var mastered = 0
            for records in byUser.values {
                let mine = records.filter { cards.contains($0.card) }
                guard !mine.isEmpty else { continue }
                practising += 1
                if mine.count == cards.count, mine.allSatisfy({ ($0.memory.stability ?? 0) >= plan.practice.masteryStabilityDays }) { mastered += 1 }
            }
            guard shows(people: practising, "mastery \(skill)", &hidden) else { continue }
            rows.append(Report.SkillMastery(skill: skill, practising: practising, mastered: mastered))
        }
        return rows
    }

    func goalProgress(_ program: Program, _ goals: ProgramGoals, _ hidden: inout [String]) -> [Report.GoalProgress] {
        let people = participants(of: program)
        let scope = Scope(people: people, skills: goals.skills.isEmpty ? nil : Set(goals.skills), program: program.id)
        var notes: [String] = []
        let applications = applications(scope, participants: people, &notes)
        let confidence = confidence(scope, &notes)
        let nudges = nudges(scope, &notes)
        let applying = Set(state.applications.values.filter { inWindow($0.at) && scope.has($0.user) && scope.covers($0.skill) }.map(\.user)).count
        return goals.targets.map { target in
            var value: Double?
            switch target.metric {
            case .applicationsPerParticipantPerWeek: value = applications.perParticipantPerWeek
            case .confidenceLift: value = confidence.lift
            case .averageImpact: value = applications.averageImpact
            case .nudgeResponseRate: value = nudges.responseRate
            case .activeShare:
                value = people.count >= minimumGroup && applying >= minimumGroup ? Double(applying) / Double(people.count) : nil
            case .masteryShare: value = masteryShare(scope)
            }
            if value == nil, !notes.isEmpty || applying > 0 { hidden.append("goal \(program.id)/\(target.metric.label)") }
            return Report.GoalProgress(program: program.id, metric: target.metric.rawValue, label: target.metric.label,
                                       target: target.target, value: value, met: value.map { $0 >= target.target })
        }
    }

    /// Of the people practising any skill in scope, the share who mastered every one they practise.
    func masteryShare(_ scope: Scope) -> Double? {
        let plan = content.learning
        var practising = 0
        var mastered = 0
        for (_, records) in Dictionary(grouping: state.cards.values.filter { scope.has($0.user) }, by: \.user) {
            let skills = Set(records.compactMap { record in plan.cards.first { $0.id == record.card }?.skill }.filter(scope.covers))
            guard !skills.isEmpty else { continue }
            practising += 1
            let all = skills.allSatisfy { skill in
                plan.cards(for: skill).allSatisfy { card in
                    records.first { $0.card == card.id }.map { ($0.memory.stability ?? 0) >= plan.practice.masteryStabilityDays } ?? false
                }
            }
            if all { mastered += 1 }
        }
        return practising >= minimumGroup ? Double(mastered) / Double(practising) : nil
    }
}
