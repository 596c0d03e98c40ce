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

    static func share(_ value: Double?) -> String { value.map { String(format: "%.0f%%", $0 * 100) } ?? "—" }
}

/// The report's figures as (section, name, value) rows: the CSV and the text share them.
enum ReportRows {
    static func rows(_ report: Report) -> [(section: String, name: String, value: String)] {
        var rows: [(String, String, String)] = [
            ("window", "since", Figure.day(report.since)),
            ("window", "until", Figure.day(report.until)),
            ("window", "program", report.program ?? "all"),
            ("people", "active", Figure.count(report.activePeople)),
            ("people", "participants", Figure.count(report.participants)),
            ("applications", "total", Figure.count(report.applications.total)),
            ("applications", "per participant per week", Figure.number(report.applications.perParticipantPerWeek)),
            ("impact", "rated applications", Figure.count(report.applications.rated)),
            ("impact", "average (1-5)", Figure.number(report.applications.averageImpact)),
        ]
        for (kind, count) in report.applications.byKind.sorted(by: { $0.key < $1.key }) {
            rows.append(("impact", "\(kind) ratings", String(count)))
            if let amount = report.applications.amountByKind[kind] { rows.append(("impact", "\(kind) figures summed", Figure.number(amount))) }
        }
        for skill in report.applications.bySkill {
            rows.append(("skill \(skill.skill)", "applications", String(skill.total)))
            rows.append(("skill \(skill.skill)", "people applying", String(skill.people)))
            rows.append(("skill \(skill.skill)", "per participant", Figure.number(skill.perParticipant)))
            rows.append(("skill \(skill.skill)", "weekly", skill.weekly.map(String.init).joined(separator: " ")))
        }
        rows += [
            ("confidence", "completed dialogs", Figure.count(report.confidence.completedDialogs)),
            ("confidence", "rated before and after", Figure.count(report.confidence.rated)),
            ("confidence", "average before", Figure.number(report.confidence.averageBefore)),
            ("confidence", "average after", Figure.number(report.confidence.averageAfter)),
            ("confidence", "lift", Figure.number(report.confidence.lift)),
        ]
        for row in report.criteria {
            rows.append(("practice \(row.skill)", "\(row.criterion) met", Figure.share(row.metShare)))
        }
        for row in report.mastery {
            rows.append(("mastery \(row.skill)", "practising", String(row.practising)))
            rows.append(("mastery \(row.skill)", "mastered", String(row.mastered)))
        }
        rows += [
            ("nudges", "check-ins sent", Figure.count(report.nudges.checkInsSent)),
            ("nudges", "check-ins answered", Figure.count(report.nudges.checkInsAnswered)),
            ("nudges", "response rate", Figure.share(report.nudges.responseRate)),
            ("nudges", "answered yes, applied", Figure.share(report.nudges.appliedRate)),
        ]
        for (name, value) in report.nudges.counters.sorted(by: { $0.key < $1.key }) {
            rows.append(("nudges (all time)", String(name.dropFirst("nudges.".count)), String(value)))
        }
        rows += [
            ("questions", "asked", Figure.count(report.questions.asked)),
            ("questions", "answered", Figure.share(report.questions.answeredShare)),
            ("questions", "median hours to first answer", Figure.number(report.questions.medianHoursToFirstAnswer)),
            ("questions", "accepted", Figure.share(report.questions.acceptedShare)),
            ("recommendations", "rated", Figure.count(report.recommendations.rated)),
            ("recommendations", "helpful", Figure.share(report.recommendations.helpfulShare)),
        ]
        for goal in report.goals {
            let status = goal.met.map { $0 ? "met" : "not yet" } ?? "not measurable"
            rows.append(("goal \(goal.program)", goal.label, "\(Figure.number(goal.value)) of \(Figure.number(goal.target)) (\(status))"))
        }
        for note in report.suppressed { rows.append(("suppressed", note, "")) }
        return rows
    }
}

enum ReportText {
    static func render(_ report: Report) -> String {
        var out = "flowcoach impact report, \(Figure.day(report.since)) to \(Figure.day(report.until))"
        out += report.program.map { ", program \($0)" } ?? ""
        out += " (groups under \(report.minimumGroup) people are not shown)\n"
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
