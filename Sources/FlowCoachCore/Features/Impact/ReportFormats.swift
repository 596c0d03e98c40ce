import Foundation

/// The report as text, CSV, JSON or one self-contained HTML page with inline SVG charts.
public enum ReportFormat: String, Sendable, CaseIterable {
    case text, csv, json, html

    public func render(_ report: Report) throws -> String {
        switch self {
        case .text: ReportText.render(report)
        case .csv: ReportCSV.render(report)
        case .json: try ReportJSON.render(report)
        case .html: ReportHTML.render(report)
        }
    }
}

/// How figures are written in every format.
enum Figure {
    static func day(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    static func number(_ value: Double?) -> String {
        guard let value else { return "—" }
        return value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : String(format: "%.2f", value)
    }

    static func count(_ value: Int?) -> String { value.map(String.init) ?? "—" }

    /// An average, a lift or a rate: always two decimals, so figures line up and compare.
    static func decimal(_ value: Double) -> String { String(format: "%.2f", value) }

    static func share(_ value: Double?) -> String { value.map { String(format: "%.0f%%", $0 * 100) } ?? "—" }

    /// A goal's figure as its metric reads: shares as percentages, the rest as numbers.
    static func goal(_ value: Double, _ goal: Report.GoalProgress) -> String {
        GoalMetric(rawValue: goal.metric)?.isShare == true ? share(value) : number(value)
    }
}

/// The report's figures as (section, name, value) rows: the CSV, the text and the HTML tables
/// share them. A figure that is missing says why: hidden for privacy, or nothing yet.
enum ReportRows {
    typealias Row = (section: String, name: String, value: String)

    static func rows(_ report: Report) -> [Row] {
        var rows: [Row] = []
        /// A figure; nil says why it is missing.
        func add(_ section: String, _ name: String, _ value: String?) {
            rows.append((section, name, value ?? (report.isHidden(section, name) ? hiddenNote(report) : "none yet")))
        }
        add("window", "since", Figure.day(report.since))
        add("window", "until", Figure.day(report.until))
        add("window", "program", report.program ?? "all")
        add("people", "active", report.activePeople.map(String.init))
        add("people", "participants", report.participants.map(String.init))
        let applications = report.applications
        add("applications", "total", applications.total.map(String.init))
        add("applications", "per participant per week", applications.perParticipantPerWeek.map(Figure.decimal))
        add("impact", "rated applications", applications.rated.map(String.init))
        add("impact", "average (1-5)", applications.averageImpact.map(Figure.decimal))
        for (kind, count) in applications.byKind.sorted(by: { $0.key < $1.key }) {
            add("impact", "\(kind) ratings", String(count))
            if let amount = applications.amountByKind[kind] { add("impact", "\(kind) figures summed", Figure.number(amount)) }
        }
        for skill in applications.bySkill {
            add("skill \(skill.skill)", "applications", String(skill.total))
            add("skill \(skill.skill)", "people applying", String(skill.people))
            add("skill \(skill.skill)", "per participant", skill.perParticipant.map(Figure.decimal))
            add("skill \(skill.skill)", "weekly from \(Figure.day(report.since))", skill.weekly.map(String.init).joined(separator: " "))
        }
        let confidence = report.confidence
        add("confidence", "completed dialogs", confidence.completedDialogs.map(String.init))
        add("confidence", "rated before and after", confidence.rated.map(String.init))
        add("confidence", "average before (1-5)", confidence.averageBefore.map(Figure.decimal))
        add("confidence", "average after (1-5)", confidence.averageAfter.map(Figure.decimal))
        add("confidence", "lift (after minus before)", confidence.lift.map(Figure.decimal))
        for skill in confidence.bySkill {
            add("confidence", "\(skill.skill), \(skill.people) people",
                "\(Figure.decimal(skill.averageBefore)) → \(Figure.decimal(skill.averageAfter)) (lift \(Figure.decimal(skill.lift)))")
        }
        for funnel in report.funnels {
            let section = "dialog \(funnel.dialog)"
            add(section, "started", String(funnel.started))
            for step in funnel.steps {
                let stopped = step.stoppedHere > 0 ? ", \(step.stoppedHere) stopped here" : ""
                add(section, "reached \"\(step.question)\"", "\(step.reached) (\(Figure.share(Double(step.reached) / Double(max(1, funnel.started)))))\(stopped)")
            }
            add(section, "completed", "\(funnel.completed) (\(Figure.share(Double(funnel.completed) / Double(max(1, funnel.started)))))")
        }
        for row in report.criteria {
            add("practice \(row.skill)", "\(row.criterion) met", Figure.share(row.metShare))
        }
        for row in report.mastery {
            add("mastery \(row.skill)", "practising", String(row.practising))
            add("mastery \(row.skill)", "mastered", String(row.mastered))
        }
        intakeRows(report, add)
        let nudges = report.nudges
        add("nudges", "check-ins sent", nudges.checkInsSent.map(String.init))
        add("nudges", "check-ins answered", nudges.checkInsAnswered.map(String.init))
        add("nudges", "response rate", nudges.responseRate.map(Figure.share))
        add("nudges", "answered yes, applied", nudges.appliedRate.map(Figure.share))
        for row in nudges.byKind { add("nudges by kind", row.group, responseText(row)) }
        for row in nudges.byHour { add("nudges by hour", row.group, responseText(row)) }
        for (name, value) in nudges.counters.sorted(by: { $0.key < $1.key }) {
            add("nudges (all time)", counterLabel(String(name.dropFirst("nudges.".count))), String(value))
        }
        for row in report.barriers {
            if row.program != nil || row.skill != nil {
                let scope = [row.program, row.skill].compactMap { $0 }.joined(separator: ", ")
                add("barriers by program and skill", "\(scope): \(row.category)", "\(row.count) from \(row.people) people")
            } else {
                add("barriers", row.category, "\(row.count) from \(row.people) people")
                for example in row.examples { add("barriers", "  e.g.", "\"\(example)\"") }
            }
        }
        if report.managers.inUse {
            let managers = report.managers
            add("managers", "weekly digests sent", managers.digestsSent.map(String.init))
            add("managers", "digests opened within a day", managers.digestsOpened.map { "\($0) (\(Figure.share(managers.openRate)))" })
            add("managers", "recognitions sent", managers.recognitions.map(String.init))
            add("managers", "people sharing with their manager", managers.sharing.map(String.init))
        }
        let questions = report.questions
        add("questions", "asked", questions.asked.map(String.init))
        add("questions", "answered", questions.answeredShare.map(Figure.share))
        add("questions", "median hours to first answer", questions.medianHoursToFirstAnswer.map(Figure.decimal))
        add("questions", "accepted", questions.acceptedShare.map(Figure.share))
        let recommendations = report.recommendations
        add("recommendations", "rated", recommendations.rated.map(String.init))
        add("recommendations", "helpful", recommendations.helpfulShare.map(Figure.share))
        for item in recommendations.items {
            add("helpful items", item.title, "\(Figure.share(item.helpfulShare)) helpful (\(item.helpful) of \(item.helpful + item.notHelpful) ratings)")
        }
        for goal in report.goals {
            let section = "goal \(goal.program)"
            if !rows.contains(where: { $0.section == section }), let skills = report.goalSkills[goal.program], !skills.isEmpty {
                add(section, "measured on", skills.joined(separator: ", ") + " only")
            }
            if let value = goal.value {
                add(section, goal.label, "\(Figure.goal(value, goal)), target \(Figure.goal(goal.target, goal)) (\(goal.met == true ? "met" : "not yet"))")
            } else {
                add(section, goal.label, "target \(Figure.goal(goal.target, goal)), \(report.isHidden(section, goal.label) ? hiddenNote(report) : "not measurable yet")")
            }
        }
        // Groups of rows left out whole: said once each, so nobody wonders where they went.
        for key in report.hidden {
            let (section, name) = key.contains("/") ? (String(key.prefix { $0 != "/" }), String(key.drop { $0 != "/" }.dropFirst())) : (key, "")
            guard !rows.contains(where: { $0.section == section && $0.name == name }) else { continue }
            rows.append(("hidden for privacy", name.isEmpty ? section : "\(section): \(name)", "fewer than \(report.minimumGroup) people each"))
        }
        return rows
    }

    static func hiddenNote(_ report: Report) -> String {
        "hidden: fewer than \(report.minimumGroup) \(report.minimumGroup == 1 ? "person" : "people")"
    }

    /// A delivery counter in words: `deferred.cap` is "held for the daily cap".
    static func counterLabel(_ name: String) -> String {
        let reasons = ["cap": "the daily cap", "quiet": "quiet or non-working hours", "busy": "a conversation in progress",
                       "snoozed": "a snooze", "away": "time away", "late": "too late after downtime", "opted_out": "stop nudges",
                       "unreachable": "no room to reach them"]
        let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return name }
        let reason = reasons[parts[1]] ?? parts[1]
        switch parts[0] {
        case "deferred": return "moved for \(reason)"
        case "dropped": return "dropped: \(reason)"
        case "skipped": return "skipped: \(reason)"
        default: return name
        }
    }

    static func responseText(_ row: Report.NudgeResponse) -> String {
        "\(row.answered) of \(row.sent) answered within a day (\(Figure.share(row.rate)))"
    }
}

enum ReportText {
    static func render(_ report: Report) -> String {
        var out = "flowcoach impact report, \(Figure.day(report.since)) to \(Figure.day(report.until))"
        out += report.program.map { ", program \($0)" } ?? ""
        out += report.minimumGroup > 1 ? " (a figure drawn from fewer than \(report.minimumGroup) people is hidden)\n" : "\n"
        var section = ""
        for row in ReportRows.rows(report) where row.section != "window" {
            if row.section != section {
                section = row.section
                out += "\n\(section)\n"
            }
            out += row.value.isEmpty ? "  \(row.name)\n" : "  \(row.name): \(row.value)\n"
        }
        return out
    }
}

enum ReportCSV {
    static func render(_ report: Report) -> String {
        "section,name,value\n" + ReportRows.rows(report).map { [$0.section, $0.name, $0.value].map(field).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    /// RFC 4180 quoting; a leading =, +, - or @ is prefixed with ' so spreadsheets do not run it.
    static func field(_ text: String) -> String {
        var text = text
        if let first = text.first, "=+-@".contains(first), Double(text) == nil { text = "'" + text }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

enum ReportJSON {
    static func render(_ report: Report) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(report), as: UTF8.self) + "\n"
    }
}
