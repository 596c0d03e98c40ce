import Foundation

/// One self-contained HTML page: tables of the figures, a line chart of weekly applications per
/// skill and a bar per goal against its target, drawn as inline SVG. No script, no network.
enum ReportHTML {
    static let palette = ["#2f6fba", "#d9822b", "#3a9b5c", "#b03a48", "#7a5cb0", "#8c6d1f"]

    static func render(_ report: Report) -> String {
        var body = "<h1>flowcoach impact report</h1>\n"
        body += "<p>\(escape(Figure.day(report.since))) to \(escape(Figure.day(report.until)))"
        body += report.program.map { ", program <b>\(escape($0))</b>" } ?? ""
        body += ". Groups under \(report.minimumGroup) people are not shown.</p>\n"
        if !report.applications.bySkill.isEmpty {
            body += "<h2>Applications per skill per week</h2>\n" + trendChart(report.applications.bySkill) + "\n"
        }
        if !report.goals.isEmpty {
            body += "<h2>Goals</h2>\n" + goalChart(report.goals) + "\n"
        }
        var section = ""
        var table = ""
        for row in ReportRows.rows(report) where row.section != "window" {
            if row.section != section {
                if !table.isEmpty { body += table + "</table>\n" }
                section = row.section
                table = "<h2>\(escape(section.prefix(1).uppercased() + section.dropFirst()))</h2>\n<table>\n"
            }
            table += "<tr><th>\(escape(row.name))</th><td>\(escape(row.value))</td></tr>\n"
        }
        if !table.isEmpty { body += table + "</table>\n" }
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>flowcoach impact report</title>
            <style>body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;color:#222}
            table{border-collapse:collapse;margin-bottom:1rem}th,td{padding:.2rem .8rem;border-bottom:1px solid #ddd;text-align:left}
            th{font-weight:normal;color:#555}svg{max-width:100%;height:auto}</style></head>
            <body>
            \(body)</body></html>

            """
    }

    /// Lines of weekly counts, one per skill, with axes and a legend.
    static func trendChart(_ skills: [Report.SkillApplications]) -> String {
        let width = 640.0, height = 260.0, left = 40.0, bottom = 30.0, top = 10.0, right = 150.0
        let weeks = skills.map(\.weekly.count).max() ?? 1
        let peak = max(1, skills.flatMap(\.weekly).max() ?? 1)
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        func x(_ week: Int) -> Double { left + (weeks > 1 ? Double(week) / Double(weeks - 1) * plotWidth : plotWidth / 2) }
        func y(_ value: Int) -> Double { top + plotHeight - Double(value) / Double(peak) * plotHeight }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"Applications per skill per week\">\n"
        svg += "<line x1=\"\(left)\" y1=\"\(top + plotHeight)\" x2=\"\(left + plotWidth)\" y2=\"\(top + plotHeight)\" stroke=\"#888\"/>\n"
        svg += "<line x1=\"\(left)\" y1=\"\(top)\" x2=\"\(left)\" y2=\"\(top + plotHeight)\" stroke=\"#888\"/>\n"
        svg += "<text x=\"\(left - 6)\" y=\"\(top + 4)\" font-size=\"11\" text-anchor=\"end\">\(peak)</text>\n"
        svg += "<text x=\"\(left - 6)\" y=\"\(top + plotHeight)\" font-size=\"11\" text-anchor=\"end\">0</text>\n"
        for week in 0..<weeks {
            svg += "<text x=\(attr(String(format: "%.1f", x(week)))) y=\"\(height - 10)\" font-size=\"11\" text-anchor=\"middle\">w\(week + 1)</text>\n"
        }
        for (index, skill) in skills.enumerated() {
            let color = palette[index % palette.count]
            let points = skill.weekly.enumerated().map { String(format: "%.1f,%.1f", x($0.offset), y($0.element)) }.joined(separator: " ")
            svg += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\" points=\"\(points)\"/>\n"
            let legendY = top + 14 + Double(index) * 18
            svg += "<rect x=\"\(width - right + 12)\" y=\"\(legendY - 9)\" width=\"10\" height=\"10\" fill=\"\(color)\"/>"
            svg += "<text x=\"\(width - right + 28)\" y=\"\(legendY)\" font-size=\"12\">\(escape(skill.skill))</text>\n"
        }
        return svg + "</svg>"
    }

    /// One bar per goal: the measured value against its target line.
    static func goalChart(_ goals: [Report.GoalProgress]) -> String {
        let width = 640.0, rowHeight = 34.0, labelWidth = 280.0, barWidth = 300.0
        let height = rowHeight * Double(goals.count) + 10
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"Progress against goals\">\n"
        for (index, goal) in goals.enumerated() {
            let rowY = 5 + Double(index) * rowHeight
            let scale = max(goal.target, goal.value ?? 0, 0.0001) * 1.25
            let targetX = labelWidth + goal.target / scale * barWidth
            svg += "<text x=\"0\" y=\"\(rowY + 18)\" font-size=\"12\">\(escape("\(goal.program): \(goal.label)"))</text>\n"
            svg += "<rect x=\"\(labelWidth)\" y=\"\(rowY + 6)\" width=\"\(barWidth)\" height=\"16\" fill=\"#eee\"/>\n"
            if let value = goal.value {
                let color = goal.met == true ? "#3a9b5c" : "#d9822b"
                svg += "<rect class=\"goal-bar\" x=\"\(labelWidth)\" y=\"\(rowY + 6)\" width=\(attr(String(format: "%.1f", max(0, value) / scale * barWidth))) height=\"16\" fill=\"\(color)\"/>\n"
            }
            svg += "<line x1=\(attr(String(format: "%.1f", targetX))) y1=\"\(rowY + 2)\" x2=\(attr(String(format: "%.1f", targetX))) y2=\"\(rowY + 26)\" stroke=\"#222\" stroke-width=\"2\"/>\n"
            svg += "<text x=\"\(labelWidth + barWidth + 8)\" y=\"\(rowY + 18)\" font-size=\"12\">\(escape("\(Figure.number(goal.value)) / \(Figure.number(goal.target))"))</text>\n"
        }
        return svg + "</svg>"
    }

    static func attr(_ text: String) -> String { "\"\(escape(text))\"" }

    static func escape<S: StringProtocol>(_ text: S) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
