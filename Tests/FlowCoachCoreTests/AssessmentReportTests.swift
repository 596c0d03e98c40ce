import FlowCoachContent
import FlowCoachCore
import Foundation
import Testing

/// Intake coverage and gap movement in the report, under the small-group rule.
@Suite struct AssessmentReportTests {
    static let until = Fixture.now
    static let since = until.addingTimeInterval(-30 * 86_400)

    /// Eight active people and two who never wrote. Giving feedback: p1-p6 assessed in May (2.0
    /// each) and November (3.0 each), p7 only in November; delegation: p1 and p2 only.
    static func state() -> State {
        var changes: [Change] = []
        let people = (1...10).map { "console:p\($0)" }
        for person in people.prefix(8) {
            changes.append(.put(UserRecord(id: person, displayName: person, firstSeen: since, lastSeen: until.addingTimeInterval(-86_400))))
        }
        var rows: [AssessmentRow] = []
        for person in people.prefix(6) {
            rows.append(AssessmentRow(person: person, skill: "giving-feedback", score: 2.0, rater: "Manager", date: "2026-05-04"))
            rows.append(AssessmentRow(person: person, skill: "giving-feedback", score: 3.0, rater: "Manager", date: "2026-11-02"))
        }
        rows.append(AssessmentRow(person: people[6], skill: "giving-feedback", score: 4.0, rater: "Manager", date: "2026-11-02"))
        rows.append(AssessmentRow(person: people[0], skill: "delegation", score: 2.0, date: "2026-11-02"))
        rows.append(AssessmentRow(person: people[1], skill: "delegation", score: 4.0, date: "2026-11-02"))
        rows.append(AssessmentRow(person: people[8], skill: "giving-feedback", score: 1.0, date: "2026-11-02"))
        // Dated after the report's window ends: not in it.
        rows.append(AssessmentRow(person: people[7], skill: "giving-feedback", score: 1.0, date: "2026-12-01"))
        for (person, mine) in Dictionary(grouping: rows, by: \.person) {
            changes.append(.put(AssessmentHistory(id: person).merging(mine, at: until)))
        }
        var state = State()
        state.apply(changes)
        return state
    }

    @Test func coverageAndMovementBySkillFromEnoughPeople() throws {
        let content = try AssessmentFixture.content()
        let report = try ReportBuilder(state: Self.state(), content: content, since: Self.since, until: Self.until).build()
        #expect(report.activePeople == 8)
        #expect(report.intake.assessed == 7, "p1-p7 are active and assessed; p9 never wrote; p8's assessment is after the window")
        #expect(report.intake.coverage == 7.0 / 8.0)
        let feedback = try #require(report.intake.bySkill.first { $0.skill == "giving-feedback" })
        #expect(feedback.assessed == 8 && feedback.prioritised == 7 && feedback.belowTarget == 7)
        #expect(feedback.reassessed == 6 && feedback.averageBefore == 2.0 && feedback.averageAfter == 3.0)
        let text = try ReportFormat.text.render(report)
        #expect(text.contains("intake\n  active people assessed: 7 of 8 (88%)"))
        #expect(text.contains("gaps giving-feedback\n  assessed: 8\n  a priority for: 7\n  below target (3.5): 7\n  before → after: 2.00 → 3.00 (6 people assessed twice or more)"))
    }

    @Test func smallGroupsAreHidden() throws {
        let content = try AssessmentFixture.content()
        let report = try ReportBuilder(state: Self.state(), content: content, since: Self.since, until: Self.until, minimumGroup: 7).build()
        #expect(!report.intake.bySkill.contains { $0.skill == "delegation" }, "two people: not shown at any threshold above 2")
        let feedback = try #require(report.intake.bySkill.first { $0.skill == "giving-feedback" })
        #expect(feedback.reassessed == nil && feedback.averageBefore == nil, "six people assessed twice, under seven")
        let text = try ReportFormat.text.render(report)
        #expect(text.contains("before → after: hidden: fewer than 7 people"))
        #expect(text.contains("gaps delegation: fewer than 7 people each"))
        #expect(!text.contains("2.00 →"))
        let strict = try ReportBuilder(state: Self.state(), content: content, since: Self.since, until: Self.until, minimumGroup: 9).build()
        #expect(strict.intake.assessed == nil && strict.intake.bySkill.isEmpty)
        #expect(try ReportFormat.text.render(strict).contains("active people assessed: hidden: fewer than 9 people"))
    }

    @Test func aReportWithNoAssessmentsHasNoIntakeRows() throws {
        let content = try AssessmentFixture.content()
        let report = try ReportBuilder(state: State(), content: content, since: Self.since, until: Self.until).build()
        #expect(try !ReportFormat.text.render(report).contains("intake"))
    }
}
