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
    public func teamWeek(_ team: Set<String>) -> TeamWeek {
        var hidden: [String] = []
        var week = TeamWeek()
        let applications = state.applications.values.filter { team.contains($0.user) && inWindow($0.at) }
        for (skill, rows) in Dictionary(grouping: applications, by: \.skill) {
            let people = Set(rows.map(\.user)).count
            guard shows(people: people, "skill \(skill)", &hidden) else { continue }
            week.applied.append(TeamWeek.Skill(skill: skill, applications: rows.count, people: people))
        }
        week.applied.sort { ($0.applications, $1.skill) > ($1.applications, $0.skill) }
        var sessions = Set<String>()
        for card in state.cards.values where team.contains(card.user) {
            guard let reviewed = card.memory.lastReview, inWindow(reviewed) else { continue }
            sessions.insert("\(card.user)|\(Figure.day(reviewed))")
        }
        let practising = Set(sessions.map { String($0[..<$0.lastIndex(of: "|")!]) }).count
        if guarded(sessions.count, people: practising, "practice/sessions", &hidden) != nil {
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
