import Foundation

/// The report's engagement sections: dialog funnels, nudges, the Q&A board and recommendations.
extension ReportBuilder {
    /// Per dialog started in the window: how many runs reached each of its questions and where
    /// the unfinished ones stopped. Runs recorded before funnels were kept are left out.
    func funnels(_ scope: Scope, _ hidden: inout [String]) -> [Report.DialogFunnel] {
        let open = Dictionary(state.conversations.values.compactMap { conversation in conversation.runID.map { ($0, conversation) } }) { first, _ in first }
        let runs = state.runs.values.filter { inWindow($0.startedAt) && scope.has($0.user) && scope.covers($0.skill) }
        var funnels: [Report.DialogFunnel] = []
        for (id, runs) in Dictionary(grouping: runs, by: \.dialog).sorted(by: { $0.key < $1.key }) {
            guard let dialog = content.dialog(id) else { continue }
            // What each run was asked: the questions it answered, plus the one it stopped on or is on now.
            let paths: [(answered: Set<String>, at: String?, completed: Bool)] = runs.compactMap { run in
                if let conversation = open[run.id] { return (Set(conversation.history ?? []), conversation.stepID, false) }
                guard let answered = run.answered else { return nil }
                return (Set(answered), run.endedAtStep, run.completed)
            }
            let people = Set(runs.filter { open[$0.id] != nil || $0.answered != nil }.map(\.user)).count
            guard !paths.isEmpty, shows(people: people, "funnel \(id)", &hidden) else { continue }
            let steps = dialog.steps.compactMap { step -> Report.FunnelStep? in
                guard case .ask(let question) = step.action else { return nil }
                let reached = paths.filter { $0.answered.contains(step.id) || $0.at == step.id }.count
                let stopped = paths.filter { !$0.completed && $0.at == step.id && !$0.answered.contains(step.id) }.count
                return reached == 0 && stopped == 0 ? nil
                    : Report.FunnelStep(step: step.id, question: Self.short(question.prompt.source), reached: reached, stoppedHere: stopped)
            }
            funnels.append(Report.DialogFunnel(dialog: id, title: dialog.title, people: people, started: paths.count,
                                               steps: steps, completed: paths.filter(\.completed).count))
        }
        return funnels
    }

    /// A question's first sentence, at most about 60 characters, for a report row.
    static func short(_ prompt: String) -> String {
        let line = prompt.split(separator: "\n").first.map(String.init) ?? prompt
        let sentence = line.split(separator: "?", maxSplits: 1).first.map { String($0) + (line.contains("?") ? "?" : "") } ?? line
        guard sentence.count > 60 else { return sentence.trimmed }
        return String(sentence.prefix(57)).trimmed + "…"
    }

    func nudges(_ scope: Scope, _ hidden: inout [String]) -> Report.Nudges {
        let checkIns = state.checkIns.values.filter { inWindow($0.sentAt) && scope.has($0.user) && scope.covers($0.skill) }
        let answered = checkIns.filter { $0.answeredAt != nil }
        var section = Report.Nudges(counters: [:])
        if scope.people == nil {
            for counter in state.counters.values where counter.id.hasPrefix("nudges.") { section.counters[counter.id] = counter.value }
        }
        section.checkInsSent = guarded(checkIns.count, people: Set(checkIns.map(\.user)).count, "nudges/check-ins sent",
                                       derived: ["check-ins answered", "response rate", "answered yes, applied"], &hidden)
        if section.checkInsSent != nil, !checkIns.isEmpty {
            section.checkInsAnswered = answered.count
            section.responseRate = Double(answered.count) / Double(checkIns.count)
            section.appliedRate = Double(answered.filter { $0.applied == true }.count) / Double(checkIns.count)
        }
        let deliveries = state[NudgeDelivery.self].values.filter { inWindow($0.sentAt) && scope.has($0.user) }
        section.byKind = responses(Dictionary(grouping: deliveries, by: \.kind), key: "nudges by kind", &hidden)
        section.byHour = responses(Dictionary(grouping: deliveries) { String(format: "%02d:00", $0.localHour) }, key: "nudges by hour", &hidden)
        return section
    }

    /// One row per group of deliveries drawn from enough people.
    func responses(_ groups: [String: [NudgeDelivery]], key: String, _ hidden: inout [String]) -> [Report.NudgeResponse] {
        groups.sorted { $0.key < $1.key }.compactMap { group, deliveries in
            let people = Set(deliveries.map(\.user)).count
            guard shows(people: people, "\(key)/\(group)", &hidden) else { return nil }
            return Report.NudgeResponse(group: group, people: people, sent: deliveries.count,
                                        answered: deliveries.filter { $0.respondedAt != nil }.count)
        }
    }

    /// The Q&A board over the window: questions the people in scope asked, answered by anyone.
    func questions(_ scope: Scope, _ hidden: inout [String]) -> Report.Questions {
        let asked = state.questions.values.filter { inWindow($0.askedAt) && !$0.hidden && scope.has($0.asker) }
        let answers = Dictionary(grouping: state.answers.values.filter { !$0.hidden }, by: \.question)
        var section = Report.Questions()
        section.asked = guarded(asked.count, people: Set(asked.map(\.asker)).count, "questions/asked",
                                derived: ["answered", "median hours to first answer", "accepted"], &hidden)
        guard section.asked != nil, !asked.isEmpty else { return section }
        let firstAnswers = asked.compactMap { question in answers[question.id]?.map(\.at).min().map { $0.timeIntervalSince(question.askedAt) / 3600 } }
        section.answeredShare = Double(firstAnswers.count) / Double(asked.count)
        section.medianHoursToFirstAnswer = Self.median(firstAnswers)
        section.acceptedShare = Double(asked.filter { $0.accepted != nil }.count) / Double(asked.count)
        return section
    }

    /// 👍/👎 on knowledge items: overall, and per item rated by enough people.
    func recommendations(_ scope: Scope, _ hidden: inout [String]) -> Report.Recommendations {
        let ratings = state.ratings.values.filter { inWindow($0.at) && scope.has($0.user) }
        var section = Report.Recommendations()
        section.rated = guarded(ratings.count, people: Set(ratings.map(\.user)).count, "recommendations/rated", derived: ["helpful"], &hidden)
        guard section.rated != nil, !ratings.isEmpty else { return section }
        section.helpfulShare = Double(ratings.filter(\.helpful).count) / Double(ratings.count)
        var small = 0
        for (item, ratings) in Dictionary(grouping: ratings, by: \.item) {
            let people = Set(ratings.map(\.user)).count
            guard people >= minimumGroup else {
                small += 1
                continue
            }
            let helpful = ratings.filter(\.helpful).count
            let title = content.knowledge.first { $0.id == item }?.title ?? item
            section.items.append(Report.ItemRating(item: item, title: title, people: people, helpful: helpful, notHelpful: ratings.count - helpful))
        }
        section.items.sort { ($0.helpfulShare, $0.people, $1.item) > ($1.helpfulShare, $1.people, $0.item) }
        if small > 0 { hidden.append("helpful items/\(small) more item\(small == 1 ? "" : "s")") }
        return section
    }
}
