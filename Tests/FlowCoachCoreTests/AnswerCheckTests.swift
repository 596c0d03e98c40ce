@testable import FlowCoachCore
import Testing

/// Answers as people type them: number words, a number inside a few words, a scale.
@Suite struct AnswerCheckTests {
    @Test func numbersAsPeopleTypeThem() {
        let scale = Expectation.number(min: 1, max: 5)
        for (answer, value) in [("five", "5"), ("Three", "3"), ("4", "4"), ("maybe 3", "3"), ("a 4 I guess", "4"), ("4/5", "4"),
                                ("4 out of 5", "4"), ("2,5", "2.5"), ("  1 ", "1")] {
            #expect(AnswerCheck.check(answer, against: scale) == .accepted(value), "\(answer)")
        }
        for answer in ["3 or 4", "pretty confident", "I'd say between two and three, it depends on the day and the client"] {
            #expect(AnswerCheck.check(answer, against: scale) == .rejected(.init(key: "answer_not_a_number")), "\(answer)")
        }
    }

    @Test func aNumberOutOfRangeSaysTheRange() {
        #expect(AnswerCheck.check("seven", against: .number(min: 1, max: 5)) == .rejected(.init(key: "answer_number_too_high", values: ["max": "5"])))
        #expect(AnswerCheck.check("zero", against: .number(min: 1, max: 5)) == .rejected(.init(key: "answer_number_too_low", values: ["min": "1"])))
    }
}

/// Spans and zones as people write them.
@Suite struct EverydayNudgeWordsTests {
    @Test func spansInWords() {
        #expect(Session.compactSpan("3 days") == "3d" && Session.compactSpan("an hour") == "1h" && Session.compactSpan("30 mins") == "30m")
        #expect(Session.compactSpan("2 weeks") == "14d" && Session.compactSpan("2h") == "2h" && Session.compactSpan("forever and ever") == "forever and ever")
    }

    @Test func aZoneByItsAbbreviation() throws {
        var board = try Board()
        _ = board.say(board.asker, "hello")
        _ = board.say(board.asker, "timezone CET")
        #expect(board.state.profiles[board.asker.0.id]?.timeZone != nil)
        _ = board.say(board.asker, "snooze 3 days")
        #expect(board.state.profiles[board.asker.0.id]?.snoozedUntil != nil)
    }
}
