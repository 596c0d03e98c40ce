import Foundation

/// A team's figures over a window for its manager, under the report's small-group rule: each
/// figure is shown only when it is drawn from at least `minimumGroup` people, so nobody on a
/// small team can be singled out. Nothing individual: moments come from `Session.moments(of:)`.
public struct TeamWeek: Sendable, Equatable {
    public struct Skill: Sendable, Equatable {
        public var skill: String
        public var applications: Int
        public var people: Int
    }

    /// Skills applied by enough people, most applied first.
    public var applied: [Skill] = []
    /// Practice sessions (a person's practice on one day) and the people who practised.
    public var practiceSessions: Int?
    public var practisingPeople: Int?
    /// Confidence after coaching minus before, over the dialogs rated both times.
    public var confidenceLift: Double?
    public var ratedDialogs: Int?

    public var isEmpty: Bool { applied.isEmpty && practiceSessions == nil && confidenceLift == nil }
}

extension ReportBuilder {
    /// The figures of `team` in the window. Forgotten people's tallies are left out: they name no team.
    /// `sharing` are those whose own moments the manager sees: a figure is also hidden when the
    /// people in it who don't share are more than none but fewer than the minimum group, or the
    /// manager could take the sharers' moments from it and read what the others did.
    public func teamWeek(_ team: Set<String>, sharing: Set<String> = []) -> TeamWeek {
        func protects(_ people: Set<String>) -> Bool {
            let others = people.subtracting(sharing).count
            return others == 0 || others >= minimumGroup
        }
        var hidden: [String] = []
        var week = TeamWeek()
        let applications = state.applications.values.filter { team.contains($0.user) && inWindow($0.at) }
        for (skill, rows) in Dictionary(grouping: applications, by: \.skill) {
            let people = Set(rows.map(\.user)).count
            guard shows(people: people, "skill \(skill)", &hidden), protects(Set(rows.map(\.user))) else { continue }
            week.applied.append(TeamWeek.Skill(skill: skill, applications: rows.count, people: people))
        }
        week.applied.sort { ($0.applications, $1.skill) > ($1.applications, $0.skill) }
        var sessions = Set<String>()
        for card in state.cards.values where team.contains(card.user) {
            guard let reviewed = card.memory.lastReview, inWindow(reviewed) else { continue }
            sessions.insert("\(card.user)|\(Figure.day(reviewed))")
        }
        let practising = Set(sessions.map { String($0[..<$0.lastIndex(of: "|")!]) }).count
        let practisers = Set(sessions.map { String($0[..<$0.lastIndex(of: "|")!]) })
        if guarded(sessions.count, people: practising, "practice/sessions", &hidden) != nil, protects(practisers) {
            week.practiceSessions = sessions.count
            week.practisingPeople = practising
        }
        let confidence = confidence(Scope(people: team), &hidden)
        if let lift = confidence.lift {
            week.confidenceLift = lift
            week.ratedDialogs = confidence.rated
        }
        return week
    }
}
