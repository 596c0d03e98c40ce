import Foundation

/// Admin commands (see `Command.admin` for who may run them and the audit).
extension Session {
    mutating func adminStats() {
        let state = draft.current  // with this turn's own changes (the admin may be new)
        let week = now.addingTimeInterval(-7 * 86_400), month = now.addingTimeInterval(-30 * 86_400)
        let activeWeek = Activity.people(in: state, since: week, until: now).count
        let activeMonth = Activity.people(in: state, since: month, until: now).count
        let applications = state.applications.values.filter { $0.at >= month }.count
        let completed = state.runs.values.filter { $0.completed && ($0.endedAt ?? $0.startedAt) >= month }.count
        let open = state.questions.values.filter { $0.isOpen && $0.accepted == nil }.count
        say("admin_stats", [
            "people": state.users.count, "active_week": activeWeek, "active_month": activeMonth, "applications": applications,
            "completed": completed, "questions": state.questions.count, "open": open, "scheduled": state.scheduled.count,
            "sent": state.counters["nudges.sent"]?.value ?? 0, "outbox": state.outbox.count, "dialogs": content.dialogs.count,
            "knowledge": content.knowledge.count, "programs": plan.programs.count, "nudges": plan.nudges.count,
        ])
    }

    /// `admin report [30d|12w] [program]`: the text report (small groups suppressed).
    mutating func adminReport(_ words: [String]) {
        var window = 30 * 86_400.0
        var program: String?
        for word in words {
            if let seconds = SpanText.seconds(word, units: "dw") {
                window = seconds
            } else {
                program = word
            }
        }
        // The state with this turn's own changes, as `admin stats` counts it: the admin is active too.
        let builder = ReportBuilder(state: draft.current, content: content, since: now.addingTimeInterval(-window), until: now)
        do {
            lines.append(ReportText.render(try builder.build(program: program)))
        } catch {
            lines.append(error.description)
        }
    }

    /// Who a broadcast reaches: everyone known, a cohort, or the people with a role.
    enum BroadcastTarget: Equatable {
        case everyone
        case cohort(String)
        case role(String)

        /// Kept in `Awaiting.ref` until the admin confirms. A bare ref is a cohort (as before roles).
        var ref: String {
            switch self {
            case .everyone: "*"
            case .role(let role): "role:" + role
            case .cohort(let id): id == "*" || id.hasPrefix("role:") || id.hasPrefix("cohort:") ? "cohort:" + id : id
            }
        }

        init(ref: String) {
            if ref == "*" {
                self = .everyone
            } else if ref.hasPrefix("role:") {
                self = .role(String(ref.dropFirst(5)))
            } else if ref.hasPrefix("cohort:") {
                self = .cohort(String(ref.dropFirst(7)))
            } else {
                self = .cohort(ref)
            }
        }

        /// The preview's and the confirmation's values that name the target.
        var values: [String: Any] {
            switch self {
            case .everyone: ["everyone": true]
            case .cohort(let id): ["cohort": id]
            case .role(let role): ["role": role]
            }
        }

        var audit: String {
            switch self {
            case .everyone: "everyone"
            case .cohort(let id): id
            case .role(let role): "role " + role
            }
        }
    }

    /// Every cohort id in Config's programs and in enrolments.
    var knownCohorts: [String] {
        Set(plan.programs.flatMap { $0.cohorts.map(\.id) } + draft.base.enrolments.values.map(\.cohort)).sorted()
    }

    /// Every role someone holds: set by themselves or assigned in Config (lower-cased).
    var knownRoles: [String] {
        let people = Set(draft.all(Profile.self).map(\.id) + content.settings.roles.keys)
        return Set(people.compactMap { role(of: $0)?.lowercased() }).sorted()
    }

    /// The target an admin named: `everyone`, `cohort <id>`, `role <role>`, or a bare name
    /// (a cohort first, then a role; "managers" finds the role "manager"). `words` is how many
    /// words named it; `alsoRole` is set when a bare cohort name is a role too.
    func broadcastTarget(_ call: Invocation) -> (target: BroadcastTarget, words: Int, alsoRole: Bool)? {
        let first = call.argument(0), second = call.argument(1)
        if ["everyone", "everybody", "all"].contains(first) { return (.everyone, 1, false) }
        let cohorts = Set(knownCohorts), roles = Set(knownRoles)
        if first == "cohort", cohorts.contains(second) { return (.cohort(second), 2, false) }
        if first == "role", let role = Self.role(named: second, in: roles) { return (.role(role), 2, false) }
        let role = Self.role(named: first, in: roles)
        if cohorts.contains(first) { return (.cohort(first), 1, role != nil) }
        if let role { return (.role(role), 1, false) }
        return nil
    }

    /// The role of `roles` that `word` names, exactly or as its plural.
    static func role(named word: String, in roles: Set<String>) -> String? {
        let word = word.lowercased()
        guard !word.isEmpty else { return nil }
        if roles.contains(word) { return word }
        for plural in ["es", "s"] where word.hasSuffix(plural) && roles.contains(String(word.dropLast(plural.count))) {
            return String(word.dropLast(plural.count))
        }
        return nil
    }

    /// Who a broadcast reaches, by their rooms, and how many it names that have never written
    /// (Config members and roles of people without a profile); nil for an unknown cohort.
    func broadcastRecipients(_ target: BroadcastTarget) -> (rooms: [String], unreachable: Int)? {
        var people = Set<String>()
        switch target {
        case .everyone:
            people.formUnion(draft.all(Profile.self).map(\.id))
            people.formUnion(plan.programs.flatMap { $0.cohorts.flatMap(\.members) })
            people.formUnion(content.settings.roles.keys)
        case .role(let role):
            let candidates = Set(draft.all(Profile.self).map(\.id)).union(content.settings.roles.keys)
            people.formUnion(candidates.filter { self.role(of: $0)?.lowercased() == role })
        case .cohort(let cohort):
            var found = false
            for program in plan.programs {
                for entry in program.cohorts where entry.id == cohort {
                    found = true
                    people.formUnion(entry.members)
                }
            }
            for enrolment in draft.base.enrolments.values where enrolment.cohort == cohort {
                found = true
                people.insert(enrolment.user)
            }
            guard found else { return nil }
        }
        let rooms = people.sorted().compactMap { draft.profile($0)?.room }
        return (rooms, people.count - rooms.count)
    }

    mutating func adminBroadcast(_ call: Invocation) {
        guard !call.argument(0).isEmpty else {
            say("admin_broadcast_usage")
            return
        }
        guard let (target, words, alsoRole) = broadcastTarget(call), let recipients = broadcastRecipients(target) else {
            // "cohort x" and "role x" name x.
            let named = ["cohort", "role"].contains(call.argument(0)) && !call.argument(1).isEmpty ? call.argument(1) : call.argument(0)
            var values: [String: Any] = ["target": named]
            if !knownCohorts.isEmpty { values["cohorts"] = knownCohorts.joined(separator: ", ") }
            if !knownRoles.isEmpty { values["roles"] = knownRoles.joined(separator: ", ") }
            say("admin_broadcast_unknown", values)
            return
        }
        let text = call.text(from: words)
        guard !text.isEmpty else {
            say("admin_broadcast_usage")
            return
        }
        var profile = profile(call.person)
        profile.awaiting = Awaiting(kind: .broadcast, ref: target.ref, text: text)
        draft.put(profile)
        var values = target.values
        values["count"] = recipients.rooms.count
        values["text"] = text
        if recipients.unreachable > 0 { values["unreachable"] = recipients.unreachable }
        if alsoRole { values["also_role"] = call.argument(0) }
        say("admin_broadcast_preview", values)
    }

    mutating func confirmBroadcast(_ awaiting: Awaiting, _ normalized: String, for person: Person) -> Bool {
        var profile = profile(person)
        profile.awaiting = nil
        draft.put(profile)
        let target = BroadcastTarget(ref: awaiting.ref)
        guard case .accepted("yes") = AnswerCheck.check(normalized, against: .yesNo), let text = awaiting.text,
              let recipients = broadcastRecipients(target) else {
            say("admin_broadcast_dropped")
            return true
        }
        for room in recipients.rooms { notices.append((room, SafeText.neutralise(text))) }
        draft.put(AuditEntry(actor: person.id, command: "broadcast sent to \(recipients.rooms.count) in \(target.audit)", room: inbound?.room ?? "",
                                    at: now, allowed: true, event: (inbound?.eventID ?? "local") + ".sent"))
        var values = target.values
        values["count"] = recipients.rooms.count
        say("admin_broadcast_sent", values)
        return true
    }
}
