import Foundation

/// One self-contained HTML page: a line chart of weekly applications per skill, a bar per goal
/// showing progress toward its target, and tables of every figure, drawn as inline SVG. No
/// script, no network. Charts are laid out from generous estimates of text widths, so labels,
/// legends and plots never run into each other; every chart names its axes.
enum ReportHTML {
    /// Okabe-Ito colours: told apart with any colour vision, each paired below with its own
    /// marker, dash and width so lines stay distinct even in grey or on top of each other.
    static let palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#000000", "#999933"]
    static let dashes = ["", "7 4", "2 3", "9 3 2 3", "4 2", "12 4"]
    static let markers = ["circle", "square", "triangle", "diamond", "triangle-down", "cross"]

    static func render(_ report: Report) -> String {
        var body = "<h1>flowcoach impact report</h1>\n"
        body += "<p>\(escape(Figure.day(report.since))) to \(escape(Figure.day(report.until)))"
        body += report.program.map { ", program <b>\(escape($0))</b>" } ?? ""
        body += ". Groups under \(report.minimumGroup) people are not shown.</p>\n"
        if !report.applications.bySkill.isEmpty {
            body += "<h2>Applications per skill per week</h2>\n"
            body += "<p class=\"note\">How many times people said they applied each skill on the job, week by week.</p>\n"
            body += "<figure>" + trendChart(report.applications.bySkill, since: report.since, until: report.until) + "</figure>\n"
            let weeks = report.applications.bySkill.map(\.weekly.count).max() ?? 1
            let lastDays = Int((report.until.timeIntervalSince(report.since) / 86_400 - Double(weeks - 1) * 7).rounded(.up))
            if lastDays < 7 {
                body += "<p class=\"note\">* The last week has only \(lastDays) day\(lastDays == 1 ? "" : "s") in the window, so it counts fewer.</p>\n"
            }
        }
        if !report.goals.isEmpty {
            let programs = Set(report.goals.map(\.program))
            body += "<h2>Goals\(programs.count == 1 ? " of \(escape(programs.first ?? ""))" : "")</h2>\n"
            body += "<p class=\"note\">Each goal's measured value as a share of its target: a bar reaching the dashed line has met it.</p>\n"
            body += "<figure>" + goalChart(report.goals) + "</figure>\n"
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
            <style>body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#222}
            table{border-collapse:collapse;margin-bottom:1rem}th,td{padding:.2rem .8rem;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}
            th{font-weight:normal;color:#555}figure{margin:0 0 1rem}svg{display:block;max-width:100%;height:auto}
            svg text{font-family:system-ui,sans-serif;fill:#222}svg .tick{fill:#555}svg .axis-title{fill:#333;font-weight:600}
            .note{color:#555;margin-top:-.5rem}</style></head>
            <body>
            \(body)</body></html>

            """
    }

    // MARK: - The weekly trend

    /// Lines of weekly counts, one per skill: dated weeks along the bottom, counts with gridlines
    /// up the side, each axis titled, and the legend below the plot.
    static func trendChart(_ rows: [Report.SkillApplications], since: Date, until: Date) -> String {
        // The most applied skill first: first in the legend, and drawn widest underneath.
        let skills = rows.enumerated().sorted { ($0.element.total, $1.offset) > ($1.element.total, $0.offset) }.map(\.element)
        let width = 720.0, left = 70.0, right = 20.0, top = 14.0, plotHeight = 210.0
        let plotWidth = width - left - right, bottom = top + plotHeight
        let weeks = max(1, skills.map(\.weekly.count).max() ?? 1)
        let peak = max(1, skills.flatMap(\.weekly).max() ?? 1)
        let step = niceStep(Double(peak), ticks: 4)
        // Headroom above the highest point, so it never sits on the frame.
        let ceiling = ((Double(peak) / step).rounded(.down) + 1) * step
        let pad = 18.0
        func x(_ week: Int) -> Double {
            weeks > 1 ? left + pad + Double(week) / Double(weeks - 1) * (plotWidth - 2 * pad) : left + plotWidth / 2
        }
        func y(_ value: Double) -> Double { bottom - value / ceiling * plotHeight }

        // The legend: rows of (marker, name) items, wrapped to the chart's width, below the axis title.
        let legendTop = bottom + 72
        var legend: [(index: Int, x: Double, row: Int)] = []
        var cursor = left, row = 0
        for (index, skill) in skills.enumerated() {
            let itemWidth = 30 + textWidth(legendName(skill), size: 13) + 22
            if cursor + itemWidth > width - right, cursor > left {
                row += 1
                cursor = left
            }
            legend.append((index, cursor, row))
            cursor += itemWidth
        }
        let height = legendTop + Double(row) * 24 + 16

        var svg = svgOpen(width: width, height: height, label: "Applications per skill per week", kind: "trend")
        // Gridlines and y ticks.
        var value = 0.0
        while value <= ceiling + step / 2 {
            let lineY = y(value)
            svg += "<line x1=\(num(left)) y1=\(num(lineY)) x2=\(num(left + plotWidth)) y2=\(num(lineY)) stroke=\(value == 0 ? "\"#888\"" : "\"#e3e3e3\"")/>\n"
            svg += "<text class=\"tick y-tick\" x=\(num(left - 8)) y=\(num(lineY + 4)) font-size=\"12\" text-anchor=\"end\">\(Figure.number(value))</text>\n"
            value += step
        }
        svg += "<line x1=\(num(left)) y1=\(num(top)) x2=\(num(left)) y2=\(num(bottom)) stroke=\"#888\"/>\n"
        // Week labels: the date each week starts, thinned so they keep apart.
        let spacing = weeks > 1 ? (plotWidth - 2 * pad) / Double(weeks - 1) : plotWidth
        let starts = (0..<weeks).map { since.addingTimeInterval(Double($0) * 7 * 86_400) }
        let years = starts.map(year)
        let spansYears = Set(years).count > 1
        // The full date of each week, for tooltips; a last week cut short by the window's end is starred (the page says why).
        var dates = starts.map { weekLabel($0, withYear: spansYears) }
        let shortLast = until.timeIntervalSince(starts[weeks - 1]) < 7 * 86_400 - 1
        if shortLast { dates[weeks - 1] += "*" }
        // Room between label centres: two plain dates, or a plain one beside one with a year, plus a gap.
        let plain = starts.map { textWidth(weekLabel($0, withYear: false) + "*", size: 12) }.max() ?? 40
        let dated = spansYears ? (dates.map { textWidth($0, size: 12) }.max() ?? 60) : plain
        let every = max(1, Int((((plain + dated) / 2 + 12) / spacing).rounded(.up)))
        // Labelled weeks: every `every`th counting back from the latest; the year on the first
        // shown and wherever a shown one starts a new year.
        var shownYear: Int?
        for week in 0..<weeks {
            svg += "<line x1=\(num(x(week))) y1=\(num(bottom)) x2=\(num(x(week))) y2=\(num(bottom + 4)) stroke=\"#888\"/>\n"
            guard (weeks - 1 - week) % every == 0 else { continue }
            var label = weekLabel(starts[week], withYear: spansYears && years[week] != shownYear)
            if shortLast, week == weeks - 1 { label += "*" }
            shownYear = years[week]
            svg += "<text class=\"tick week-label\" x=\(num(x(week))) y=\(num(bottom + 19)) font-size=\"12\" text-anchor=\"middle\">\(escape(label))</text>\n"
        }
        svg += "<text class=\"axis-title x-title\" x=\(num(left + plotWidth / 2)) y=\(num(bottom + 45)) font-size=\"13\" text-anchor=\"middle\">Week starting</text>\n"
        let middle = top + plotHeight / 2
        svg += "<text class=\"axis-title y-title\" x=\"18\" y=\(num(middle)) font-size=\"13\" text-anchor=\"middle\" transform=\"rotate(-90 18 \(num(middle, quoted: false)))\">Applications per week</text>\n"

        // Lines: widest first, so a thinner dashed line drawn later stays visible on top of an
        // equal one; markers sit slightly apart where values coincide.
        let count = skills.count
        for (index, skill) in skills.enumerated() {
            let style = seriesStyle(index, of: count)
            let shift = (Double(index) - Double(count - 1) / 2) * min(3, 12 / Double(max(1, count)))
            let points = skill.weekly.enumerated().map { "\(num(x($0.offset) + shift, quoted: false)),\(num(y(Double($0.element)), quoted: false))" }
            svg += "<g class=\"series\" data-skill=\(attr(skill.skill))>"
            svg += "<polyline fill=\"none\" stroke=\"\(style.color)\" stroke-width=\(num(style.width)) stroke-linejoin=\"round\""
            svg += style.dash.isEmpty ? "" : " stroke-dasharray=\"\(style.dash)\""
            svg += " points=\"\(points.joined(separator: " "))\"/>\n"
            for (week, applied) in skill.weekly.enumerated() {
                svg += marker(style.marker, x: x(week) + shift, y: y(Double(applied)), color: style.color,
                              title: "\(skill.skill), week starting \(dates[week]): \(applied)", size: weeks > 16 ? 3.2 : 4.5)
            }
            svg += "</g>\n"
        }
        // The legend.
        for item in legend {
            let skill = skills[item.index], style = seriesStyle(item.index, of: count)
            let rowY = legendTop + Double(item.row) * 24
            svg += "<g class=\"legend-item\"><line x1=\(num(item.x)) y1=\(num(rowY)) x2=\(num(item.x + 24)) y2=\(num(rowY)) stroke=\"\(style.color)\" stroke-width=\(num(min(style.width, 3)))"
            svg += style.dash.isEmpty ? "" : " stroke-dasharray=\"\(style.dash)\""
            svg += "/>" + marker(style.marker, x: item.x + 12, y: rowY, color: style.color, title: nil)
            svg += "<text class=\"legend\" x=\(num(item.x + 30)) y=\(num(rowY + 4.5)) font-size=\"13\">\(escape(legendName(skill)))</text></g>\n"
        }
        return svg + "</svg>"
    }

    static func legendName(_ skill: Report.SkillApplications) -> String { "\(skill.skill) (\(skill.total) in all)" }

    /// How series `index` of `count` is drawn.
    static func seriesStyle(_ index: Int, of count: Int) -> (color: String, dash: String, marker: String, width: Double) {
        let width = count > 1 ? max(1.75, 4.5 - Double(index) * 2.75 / Double(count - 1)) : 2.5
        return (palette[index % palette.count], dashes[index % dashes.count], markers[index % markers.count], width)
    }

    /// A point marker with a white rim, and a tooltip naming the value.
    static func marker(_ shape: String, x: Double, y: Double, color: String, title: String?, size r: Double = 4.5) -> String {
        let tip = title.map { "<title>\(escape($0))</title>" } ?? ""
        let paint = "fill=\"\(color)\" stroke=\"#fff\" stroke-width=\"1\""
        func polygon(_ points: [(Double, Double)]) -> String {
            "<polygon class=\"marker\" points=\"\(points.map { "\(num(x + $0.0, quoted: false)),\(num(y + $0.1, quoted: false))" }.joined(separator: " "))\" \(paint)>\(tip)</polygon>"
        }
        switch shape {
        case "square":
            return "<rect class=\"marker\" x=\(num(x - r + 0.5)) y=\(num(y - r + 0.5)) width=\(num(2 * r - 1)) height=\(num(2 * r - 1)) \(paint)>\(tip)</rect>"
        case "triangle": return polygon([(0, -r - 0.5), (r, r - 0.5), (-r, r - 0.5)])
        case "triangle-down": return polygon([(0, r + 0.5), (r, -r + 0.5), (-r, -r + 0.5)])
        case "diamond": return polygon([(0, -r - 0.5), (r + 0.5, 0), (0, r + 0.5), (-r - 0.5, 0)])
        case "cross":
            let a = r, b = r / 2.6
            return polygon([(-b, -a), (b, -a), (b, -b), (a, -b), (a, b), (b, b), (b, a), (-b, a), (-b, b), (-a, b), (-a, -b), (-b, -b)])
        default:
            return "<circle class=\"marker\" cx=\(num(x)) cy=\(num(y)) r=\(num(r)) \(paint)>\(tip)</circle>"
        }
    }

    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static var gregorian: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        return calendar
    }

    static func year(_ date: Date) -> Int { gregorian.component(.year, from: date) }

    /// "Nov 2", or "Jan 4 2027" where a window spanning two years turns to the next.
    static func weekLabel(_ date: Date, withYear: Bool) -> String {
        let parts = gregorian.dateComponents([.year, .month, .day], from: date)
        let label = "\(months[((parts.month ?? 1) - 1 + 12) % 12]) \(parts.day ?? 1)"
        return withYear ? "\(label) \(parts.year ?? 0)" : label
    }

    /// A round step (1, 2 or 5 times a power of ten) giving about `ticks` intervals up to `peak`.
    static func niceStep(_ peak: Double, ticks: Int) -> Double {
        let raw = max(peak, 1) / Double(max(1, ticks))
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        return max(1, step)
    }

    // MARK: - Goals

    /// One bar per goal, each as a share of its own target so different units share one axis:
    /// the label on its own line above the bar, the value and status to the bar's right, and
    /// the target as a dashed line at 100%.
    static func goalChart(_ goals: [Report.GoalProgress]) -> String {
        let width = 720.0, left = 16.0, barWidth = 410.0, rowHeight = 54.0, top = 8.0
        let ratios = goals.compactMap { goal in goal.value.map { goal.target > 0 ? $0 / goal.target : 1 } }
        let scaleMax = min(3, max(1.5, ((ratios.max() ?? 1) * 2).rounded(.up) / 2))
        func x(_ ratio: Double) -> Double { left + min(max(0, ratio), scaleMax) / scaleMax * barWidth }
        let plotBottom = top + Double(goals.count) * rowHeight
        let height = plotBottom + 56
        var svg = svgOpen(width: width, height: height, label: "Progress against goals", kind: "goals")
        var ticks: [Double] = []
        var tick = 0.0
        while tick <= scaleMax + 0.001 {
            ticks.append(tick)
            tick += 0.5
        }
        let programs = Set(goals.map(\.program)).count
        for (index, goal) in goals.enumerated() {
            let rowY = top + Double(index) * rowHeight, barY = rowY + 24
            let full = programs > 1 ? "\(goal.program): \(goal.label)" : goal.label
            let shown = truncate(full, width: width - left - 8, size: 14)
            svg += "<text class=\"goal-label\" x=\(num(left)) y=\(num(rowY + 16)) font-size=\"14\">\(escape(shown))"
            svg += shown == full ? "" : "<title>\(escape(full))</title>"
            svg += "</text>\n"
            // The track, its gridlines at each 50% (beside the bar only, never through the label), the bar, the target.
            svg += "<rect x=\(num(left)) y=\(num(barY)) width=\(num(barWidth)) height=\"16\" fill=\"#f3f3f3\"/>\n"
            for tick in ticks where abs(tick - 1) > 0.001 && tick > 0 {
                svg += "<line class=\"grid\" x1=\(num(x(tick))) y1=\(num(barY)) x2=\(num(x(tick))) y2=\(num(barY + 16)) stroke=\"#d8d8d8\"/>\n"
            }
            let status: String
            if let value = goal.value {
                let ratio = goal.target > 0 ? value / goal.target : 1
                let met = goal.met ?? (ratio >= 1)
                svg += "<rect class=\"goal-bar\" x=\(num(left)) y=\(num(barY)) width=\(num(max(1, x(ratio) - left))) height=\"16\" fill=\"\(met ? "#009E73" : "#E69F00")\">"
                svg += "<title>\(escape("\(full): \(Figure.goal(value, goal)), target \(Figure.goal(goal.target, goal))"))</title></rect>\n"
                status = "\(Figure.goal(value, goal)) · target \(Figure.goal(goal.target, goal)) · \(met ? "met" : "not yet")"
            } else {
                status = "not measurable yet (target \(Figure.goal(goal.target, goal)))"
            }
            svg += "<line class=\"target\" x1=\(num(x(1))) y1=\(num(barY - 3)) x2=\(num(x(1))) y2=\(num(barY + 19)) stroke=\"#222\" stroke-width=\"1.5\" stroke-dasharray=\"4 2\"/>\n"
            let statusX = left + barWidth + 12
            svg += "<text class=\"goal-value\" x=\(num(statusX)) y=\(num(barY + 12.5)) font-size=\"13\">\(escape(truncate(status, width: width - statusX - 4, size: 13)))</text>\n"
        }
        // The axis: a tick and a label at each 50%, the target named.
        svg += "<line x1=\(num(left)) y1=\(num(plotBottom)) x2=\(num(left + barWidth)) y2=\(num(plotBottom)) stroke=\"#888\"/>\n"
        for tick in ticks {
            let target = abs(tick - 1) < 0.001
            svg += "<line x1=\(num(x(tick))) y1=\(num(plotBottom)) x2=\(num(x(tick))) y2=\(num(plotBottom + 5)) stroke=\"#888\"/>\n"
            svg += "<text class=\"tick x-tick\" x=\(num(x(tick))) y=\(num(plotBottom + 19)) font-size=\"12\" text-anchor=\"middle\">\(target ? "100% (target)" : "\(Int((tick * 100).rounded()))%")</text>\n"
        }
        svg += "<text class=\"axis-title x-title\" x=\(num(left + barWidth / 2)) y=\(num(plotBottom + 44)) font-size=\"13\" text-anchor=\"middle\">Share of target reached</text>\n"
        return svg + "</svg>"
    }

    // MARK: - Helpers

    static func svgOpen(width: Double, height: Double, label: String, kind: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart \(kind)\" viewBox=\"0 0 \(Int(width)) \(Int(height.rounded(.up)))\" "
            + "width=\"\(Int(width))\" height=\"\(Int(height.rounded(.up)))\" role=\"img\" aria-label=\(attr(label))>\n"
    }

    /// A generous estimate of how wide `text` is drawn at `size` pixels in a sans-serif font:
    /// wide letters and digits count more than narrow ones, and the whole is rounded up.
    static func textWidth(_ text: String, size: Double) -> Double {
        var units = 0.0
        for character in text {
            switch character {
            case "i", "l", "j", "'", "|", ".", ",", ":", ";", "!", " ", "(", ")", "f", "t", "r": units += 0.38
            case "m", "w", "M", "W", "@", "%", "—", "…": units += 0.95
            case _ where character.isUppercase: units += 0.72
            case _ where character.isNumber: units += 0.62
            default: units += 0.6
            }
        }
        return (units * size * 1.08).rounded(.up)
    }

    /// `text`, cut with "…" so it fits `width`.
    static func truncate(_ text: String, width: Double, size: Double) -> String {
        guard textWidth(text, size: size) > width else { return text }
        var kept = text
        while !kept.isEmpty, textWidth(kept + "…", size: size) > width { kept.removeLast() }
        return kept.trimmingCharacters(in: .whitespaces) + "…"
    }

    /// A coordinate, with one decimal, quoted for an attribute unless `quoted` is false.
    static func num(_ value: Double, quoted: Bool = true) -> String {
        let text = String(format: "%.1f", value)
        return quoted ? "\"\(text)\"" : text
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
