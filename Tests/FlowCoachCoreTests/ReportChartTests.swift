@testable import FlowCoachCore
import Foundation
import Testing

/// The generated pilot (`flowcoach sample-pilot`): seeded, and full enough that every part of
/// the report has something to show.
@Suite struct SamplePilotTests {
    /// 2026-11-27 12:00 UTC.
    static let end = Date(timeIntervalSince1970: 1_795_780_800)

    static func report(_ pilot: SamplePilot, minimumGroup: Int = 3) throws -> Report {
        let content = try Fixture.shippedContent()
        return try ReportBuilder(state: pilot.state(content), content: content, since: pilot.since, until: pilot.until,
                                 minimumGroup: minimumGroup).build()
    }

    @Test func theSameSeedGivesTheSamePilotAndAnotherSeedAnother() throws {
        let content = try Fixture.shippedContent()
        let first = SamplePilot(people: 20, weeks: 6, seed: 3, until: Self.end).changes(content)
        #expect(first == SamplePilot(people: 20, weeks: 6, seed: 3, until: Self.end).changes(content))
        #expect(first != SamplePilot(people: 20, weeks: 6, seed: 4, until: Self.end).changes(content))
        #expect(Set(first.map { "\($0.collection)|\($0.id)" }).count == first.count, "every id is unique")
    }

    @Test func everythingHappensInsideThePilotOnWorkingDays() throws {
        let pilot = SamplePilot(until: Self.end)
        let state = pilot.state(try Fixture.shippedContent())
        #expect(state.users.count == 20 && state.enrolments.count == 20)
        let moments = state.applications.values.map(\.at) + state.runs.values.map(\.startedAt) + state.checkIns.values.map(\.sentAt)
            + state.questions.values.map(\.askedAt) + state.answers.values.map(\.at) + state[RubricResult.self].values.map(\.at)
        #expect(moments.allSatisfy { $0 >= pilot.since && $0 < pilot.until })
        let weekdays = state.applications.values.filter { $0.source == "chat" }.map { Int(($0.at.timeIntervalSince1970 / 86_400).rounded(.down) + 4) % 7 }
        #expect(weekdays.allSatisfy { $0 != 0 && $0 != 6 }, "people apply skills at work, Monday to Friday")
        #expect(state.users.values.allSatisfy { $0.firstSeen <= $0.lastSeen })
    }

    @Test func theReportHasSomethingInEverySection() throws {
        let report = try Self.report(SamplePilot(until: Self.end))
        #expect(report.activePeople == 20 && report.participants == 20)
        #expect(report.applications.bySkill.count >= 3 && (report.applications.total ?? 0) > 60)
        #expect(report.applications.averageImpact != nil && !report.applications.byKind.isEmpty)
        #expect((report.confidence.completedDialogs ?? 0) > 10 && (report.confidence.lift ?? 0) > 0)
        #expect(!report.mastery.isEmpty && report.mastery.contains { $0.mastered > 0 } && !report.criteria.isEmpty)
        #expect(report.nudges.responseRate != nil && report.nudges.appliedRate != nil)
        #expect((report.questions.asked ?? 0) > 5 && report.questions.answeredShare != nil)
        #expect(report.recommendations.helpfulShare != nil)
        #expect(!report.goals.isEmpty && report.goals.contains { $0.met == true } && report.goals.contains { $0.met == false })
    }
}

/// The HTML report's charts, read from the SVG they are drawn as.
@Suite struct ReportChartTests {
    static func svgs(_ html: String) -> [String] {
        html.components(separatedBy: "<svg").dropFirst().map { $0.components(separatedBy: "</svg>")[0] }
    }

    /// The texts of elements whose class list has `name`, in order.
    static func texts(_ svg: String, class name: String) -> [String] {
        let pattern = try! Regex("<text class=\"([^\"]*)\"[^>]*>([^<]*)")
        return svg.matches(of: pattern).compactMap { match in
            let classes = String(match.output[1].substring ?? "").split(separator: " ")
            return classes.contains(Substring(name)) ? String(match.output[2].substring ?? "") : nil
        }
    }

    @Test func everyChartNamesItsAxesAndTheWeeksAreDated() throws {
        let report = try SamplePilotTests.report(SamplePilot(until: SamplePilotTests.end))
        let html = try ReportFormat.html.render(report)
        let svgs = Self.svgs(html)
        #expect(svgs.count == 2, "the weekly trend and the goals")
        for svg in svgs { #expect(!Self.texts(svg, class: "axis-title").isEmpty, "axis titles") }
        let trend = try #require(svgs.first { $0.contains("class=\"chart trend\"") })
        #expect(Self.texts(trend, class: "x-title") == ["Week starting"])
        #expect(Self.texts(trend, class: "y-title") == ["Applications per week"])
        // The pilot ran from 2026-10-16 for six weeks.
        #expect(Self.texts(trend, class: "week-label") == ["Oct 16", "Oct 23", "Oct 30", "Nov 6", "Nov 13", "Nov 20"])
        let ticks = Self.texts(trend, class: "y-tick")
        #expect(ticks.first == "0" && ticks.count >= 3, "a y axis with gridlines from 0")
        #expect(Self.texts(trend, class: "legend").count == report.applications.bySkill.count)
        #expect(trend.contains("stroke-dasharray") && trend.contains("<polygon class=\"marker\""), "dashes and markers tell lines apart")
        let goals = try #require(svgs.first { $0.contains("class=\"chart goals\"") })
        #expect(Self.texts(goals, class: "x-title") == ["Share of target reached"])
        #expect(Self.texts(goals, class: "x-tick").contains("100% (target)"))
        #expect(!html.contains("<script") && !html.contains("src=") && !html.contains("href="), "self-contained")
    }

    @Test func manyWeeksAreThinnedAndANewYearIsNamed() throws {
        // 30 weeks to 2027-03-01: the labels thin out, the latest is kept, and January shows its year.
        let until = Date(timeIntervalSince1970: 1_803_859_200)
        let report = try SamplePilotTests.report(SamplePilot(people: 20, weeks: 30, until: until))
        let trend = try #require(Self.svgs(try ReportFormat.html.render(report)).first)
        let labels = Self.texts(trend, class: "week-label")
        #expect(labels.count < 30 && labels.count >= 7, "\(labels)")
        #expect(labels.last == "Feb 22")
        #expect(labels.contains { $0.hasSuffix(" 2027") } && labels.first?.hasSuffix(" 2026") == true, "\(labels)")
        let months = "(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
        #expect(labels.allSatisfy { $0.wholeMatch(of: try! Regex("\(months) [0-9]{1,2}( [0-9]{4})?")) != nil })
    }

    @Test func aShortLastWeekIsStarredAndExplained() throws {
        let pilot = SamplePilot(until: SamplePilotTests.end)
        let content = try Fixture.shippedContent()
        let report = try ReportBuilder(state: pilot.state(content), content: content, since: pilot.until.addingTimeInterval(-30 * 86_400),
                                       until: pilot.until, minimumGroup: 3).build()
        let html = try ReportFormat.html.render(report)
        let labels = Self.texts(try #require(Self.svgs(html).first), class: "week-label")
        #expect(labels.last?.hasSuffix("*") == true && html.contains("The last week has only 2 days"))
    }

    @Test func longGoalLabelsAreCutWithTheWholeLabelAsATooltip() {
        let long = String(repeating: "share of participants applying the skill ", count: 4)
        let svg = ReportHTML.goalChart([Report.GoalProgress(program: "p", metric: "m", label: long, target: 1, value: 0.5, met: false)])
        let shown = Self.texts(svg, class: "goal-label")
        #expect(shown.count == 1 && shown[0].hasSuffix("…") && ReportHTML.textWidth(shown[0], size: 13) <= 704)
        #expect(svg.contains("<title>\(ReportHTML.escape(long))</title>"))
    }

    @Test func textWidthsAreEstimatedGenerously() {
        // Measured in Chromium with DejaVu Sans, a wide font, at 12px: "giving-feedback (110 in all)" is 165px, "Nov 20" at 11px 39px.
        #expect(ReportHTML.textWidth("giving-feedback (110 in all)", size: 12) >= 165)
        #expect(ReportHTML.textWidth("Nov 20", size: 11) >= 39)
    }
}
