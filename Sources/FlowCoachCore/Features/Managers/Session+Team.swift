import Foundation

/// What a manager sees of their team: `my team` on demand and the weekly digest. Team figures
/// follow the report's small-group rule; individual moments only of people who chose to share
/// them (`SharingConsent`), and only from the moment they did. Every view is audit-logged.
extension Session {
    /// How far back a team view looks.
    static let teamWindow: TimeInterval = 7 * 86_400

    var managers: ManagerSettings { content.settings.managers }

    /// `manager`'s direct reports.
    func team(of manager: String) -> [String] { managers.teams[manager] ?? [] }

    /// Whether `person` shares their moments with their current manager right now.
    func consent(of person: String) -> SharingConsent? {
        guard let consent = draft[SharingConsent.self, id: person], consent.manager == managers.managerOf[person] else { return nil }
        return consent
    }

    /// What to call someone: the name the platform gave them, else their id's name part.
    func name(of id: String) -> String {
        if let name = draft.user(id)?.displayName, !name.isEmpty { return name }
        return Self.localName(id)
    }

    /// `@ana:example.org` → `ana`, `console:ana` → `ana`; other ids as they are.
    static func localName(_ id: String) -> String {
        if id.hasPrefix("@"), let colon = id.firstIndex(of: ":") { return String(id[id.index(after: id.startIndex)..<colon]) }
        if let colon = id.firstIndex(of: ":"), !id.hasPrefix("@") { return String(id[id.index(after: colon)...]) }
        return id
    }

    /// `my team [name]`: the team's week, or one person's moments if they share them.
    mutating func myTeam(_ call: Invocation) {
        let manager = call.person
        let members = team(of: manager.id)
        audit(call, allowed: !members.isEmpty)
        guard !members.isEmpty else { return say("manager_no_team") }
        let wanted = call.said.words.dropFirst(call.length)
        guard !wanted.isEmpty else {
            _ = teamView(for: manager, digest: false)
            return
        }
        guard case .one(let person, let rest) = member(named: Array(wanted), in: members), rest.isEmpty else {
            if case .several = member(named: Array(wanted), in: members) { return say("manager_name_ambiguous", ["name": call.text()]) }
            return say("manager_not_on_team", ["name": call.text()])
        }
        let lines = moments(of: person, applications: recentApplications(of: [person]))
        // Nothing to show keeps the numbers of the last view; a person shown becomes number 1.
        guard !lines.isEmpty else { return say("manager_person_nothing", ["name": name(of: person)]) }
        rememberShown([person], for: manager.id)
        say("manager_moment", ["number": 1, "name": name(of: person), "what": lines.joined(separator: "; ")])
        say("manager_recognise_hint")
    }

    /// Says the team's figures and the sharers' moments; false when there is nothing to say
    /// (a digest is then not sent).
    mutating func teamView(for manager: Person, digest: Bool) -> Bool {
        let members = team(of: manager.id)
        let since = now.addingTimeInterval(-Self.teamWindow)
        let sharing = Set(members.filter { consent(of: $0) != nil })
        let week = ReportBuilder(state: draft.base, content: content, since: since, until: now).teamWeek(Set(members), sharing: sharing)
        var moments: [(person: String, lines: [String])] = []
        let applications = recentApplications(of: Set(members))
        for person in members {
            let lines = self.moments(of: person, applications: applications)
            if !lines.isEmpty { moments.append((person, lines)) }
        }
        guard !digest || !week.isEmpty || !moments.isEmpty else { return false }
        var figures = [message("manager_team_header", ["digest": digest, "count": members.count])]
        if !week.applied.isEmpty {
            let skills = week.applied.map { message("manager_team_skill", ["skill": $0.skill, "count": $0.applications, "people": $0.people]) }
            figures.append(message("manager_team_applied", ["skills": skills.joined(separator: ", ")]))
        }
        if let sessions = week.practiceSessions, let people = week.practisingPeople {
            figures.append(message("manager_team_practice", ["sessions": sessions, "people": people]))
        }
        if let lift = week.confidenceLift, let rated = week.ratedDialogs {
            figures.append(message("manager_team_confidence", ["lift": String(format: "%+.1f", lift), "count": rated]))
        }
        lines.append(figures.joined(separator: "\n"))
        // The same line whether the week was quiet or its figures too few to show: which one it
        // was would itself tell a manager of a small team that someone did something.
        if week.isEmpty { say("manager_team_small", ["minimum": content.settings.reportMinimumGroup]) }
        if moments.isEmpty {
            say("manager_no_moments")
        } else {
            let numbered = moments.enumerated().map { index, moment in
                message("manager_moment", ["number": index + 1, "name": name(of: moment.person), "what": moment.lines.joined(separator: "; ")])
            }
            lines.append(([message("manager_moments_header")] + numbered).joined(separator: "\n"))
            say("manager_recognise_hint")
        }
        rememberShown(moments.map(\.person), for: manager.id)
        return true
    }

    /// A sharer's moments in the window, from when they began sharing: what they applied (with
    /// their latest note, shortened) and how their practice went (counts, never answers).
    func moments(of person: String, applications: [String: [Application]]) -> [String] {
        guard let consent = consent(of: person) else { return [] }
        let from = max(consent.since, now.addingTimeInterval(-Self.teamWindow))
        var lines: [String] = []
        // Not what was logged in the consent's own second before it (a backlog handled at once).
        let before = Set(consent.before ?? [])
        let applications = (applications[person] ?? []).filter { $0.at >= from && $0.at <= now && !before.contains($0.id) }
        for (skill, rows) in Dictionary(grouping: applications, by: \.skill).sorted(by: { ($0.value.count, $1.key) > ($1.value.count, $0.key) }) {
            let latest = rows.max { ($0.at, $0.id) < ($1.at, $1.id) }
            lines.append(message("manager_moment_applied", [
                "skill": skill, "count": rows.count, "once": rows.count == 1, "twice": rows.count == 2, "many": rows.count > 2,
                "note": Self.shortened(latest?.note ?? ""),
            ]))
        }
        let practice = plan.practice
        for skill in plan.practiceSkills {
            let cards = plan.cards(for: skill)
            let records = cards.compactMap { draft.card("\(person)|\($0.id)") }
            let reviewed = records.filter { ($0.memory.lastReview.map { $0 >= from && $0 <= now }) ?? false }
            guard !reviewed.isEmpty else { continue }
            let mastered = records.count == cards.count && records.allSatisfy { ($0.memory.stability ?? 0) >= practice.masteryStabilityDays }
            lines.append(message(mastered ? "manager_moment_mastered" : "manager_moment_practised", ["skill": skill, "count": reviewed.count]))
        }
        return lines
    }

    /// The applications of `people` in the team window, by person (one pass over all of them).
    func recentApplications(of people: Set<String>) -> [String: [Application]] {
        let since = now.addingTimeInterval(-Self.teamWindow)
        return Dictionary(grouping: draft.all(Application.self).filter { people.contains($0.user) && $0.at >= since }, by: \.user)
    }

    /// A note cut to about 60 characters at a word boundary, with an ellipsis when cut.
    static func shortened(_ note: String, limit: Int = 60) -> String {
        let flat = note.split(whereSeparator: \.isNewline).joined(separator: " ").trimmed
        guard flat.count > limit else { return flat }
        var cut = String(flat.prefix(limit))
        if let space = cut.lastIndex(of: " "), cut.distance(from: cut.startIndex, to: space) > limit / 2 { cut = String(cut[..<space]) }
        return cut.trimmingCharacters(in: .punctuationCharacters.union(.whitespaces)) + "…"
    }

    /// Keeps who the numbers of this view name, for `recognise 1`.
    mutating func rememberShown(_ people: [String], for manager: String) {
        var desk = draft[TeamDesk.self, id: manager] ?? TeamDesk(manager: manager)
        desk.shown = people
        desk.shownAt = now
        draft.put(desk)
    }

    /// Logs a manager's view (or attempt) like an admin command.
    mutating func audit(_ call: Invocation, allowed: Bool) {
        draft.put(AuditEntry(actor: call.person.id, command: String(call.said.text.trimmed.prefix(300)), room: call.room, at: now,
                             allowed: allowed, event: inbound?.eventID ?? "local"))
    }

    /// Who the first words of a message name among a manager's team.
    enum MemberMatch {
        case nobody
        /// More than one person goes by that name.
        case several
        /// The person, and the words after their name.
        case one(String, rest: [String])
    }

    /// A team member named by the first words of `words`: their full name, first name, or the
    /// name part of their id (`ana` for `@ana:example.org`).
    func member(named words: [String], in members: [String]) -> MemberMatch {
        for length in stride(from: min(4, words.count), through: 1, by: -1) {
            let wanted = words.prefix(length).joined(separator: " ")
            let matches = members.filter { person in
                let full = TextNormalizer.words(name(of: person))
                return full.joined(separator: " ") == wanted || (length == 1 && full.first == wanted)
                    || TextNormalizer.words(Self.localName(person)).joined(separator: " ") == wanted
            }
            if matches.count == 1 { return .one(matches[0], rest: Array(words.dropFirst(length))) }
            if matches.count > 1 { return .several }
        }
        return .nobody
    }
}
