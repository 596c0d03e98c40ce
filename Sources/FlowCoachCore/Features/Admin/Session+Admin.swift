import Foundation

/// Admin commands (see `Command.admin` for who may run them and the audit).
extension Session {
    mutating func adminStats() {
        let state = draft.current  // with this turn's own changes (the admin may be new)
        let week = now.addingTimeInterval(-7 * 86_400), month = now.addingTimeInterval(-30 * 86_400)
        let applications = state.applications.values.filter { $0.at >= month }.count
        let completed = state.runs.values.filter { $0.completed && ($0.endedAt ?? $0.startedAt) >= month }.count
        let open = state.questions.values.filter { $0.isOpen && $0.accepted == nil }.count
        say("admin_stats", [
            "people": state.users.count, "active_week": state.users.values.filter { $0.lastSeen >= week }.count,
            "active_month": state.users.values.filter { $0.lastSeen >= month }.count, "applications": applications,
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
        let builder = ReportBuilder(state: draft.base, content: content, since: now.addingTimeInterval(-window), until: now,
                                    minimumGroup: content.settings.reportMinimumGroup)
        do {
            lines.append(ReportText.render(try builder.build(program: program)))
        } catch {
            lines.append(error.description)
        }
    }

    /// Who a broadcast to `cohort` reaches: Config members and enrolled people, by their rooms.
    func cohortRecipients(_ cohort: String) -> (rooms: [String], unreachable: Int)? {
        var people = Set<String>()
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
        let rooms = people.sorted().compactMap { draft.profile($0)?.room }
        return (rooms, people.count - rooms.count)
    }

    mutating func adminBroadcast(cohort: String, text: String, for person: Person) {
        guard !text.isEmpty else {
            say("admin_broadcast_usage")
            return
        }
        guard let recipients = cohortRecipients(cohort) else {
            var values: [String: Any] = ["cohort": cohort]
            let cohorts = Set(plan.programs.flatMap { $0.cohorts.map(\.id) }).sorted()
            if !cohorts.isEmpty { values["cohorts"] = cohorts.joined(separator: ", ") }
            say("admin_no_cohort", values)
            return
        }
        var profile = profile(person)
        profile.awaiting = Awaiting(kind: .broadcast, ref: cohort, text: text)
        draft.put(profile)
        var values: [String: Any] = ["count": recipients.rooms.count, "cohort": cohort, "text": text]
        if recipients.unreachable > 0 { values["unreachable"] = recipients.unreachable }
        say("admin_broadcast_preview", values)
    }

    mutating func confirmBroadcast(_ awaiting: Awaiting, _ normalized: String, for person: Person) -> Bool {
        var profile = profile(person)
        profile.awaiting = nil
        draft.put(profile)
        guard case .accepted("yes") = AnswerCheck.check(normalized, against: .yesNo), let text = awaiting.text,
              let recipients = cohortRecipients(awaiting.ref) else {
            say("admin_broadcast_dropped")
            return true
        }
        for room in recipients.rooms { notices.append((room, SafeText.neutralise(text))) }
        draft.put(AuditEntry(actor: person.id, command: "broadcast sent to \(recipients.rooms.count) in \(awaiting.ref)", room: inbound?.room ?? "",
                                    at: now, allowed: true, event: (inbound?.eventID ?? "local") + ".sent"))
        say("admin_broadcast_sent", ["count": recipients.rooms.count, "cohort": awaiting.ref])
        return true
    }
}
