import FlowCoachContent
import FlowCoachCore
import Foundation
import Testing

/// Shared by the assessment tests: the shipped content with its `Config/assessments.yaml`, a
/// fixed "today" and reading a CSV text.
enum AssessmentFixture {
    /// The day of `Fixture.now` (2026-11-18).
    static let today = LocalClock.Day(year: 2026, month: 11, day: 18)
    static let directory = Fixture.repoRoot + "/Tests/Fixtures/assessments/"

    /// The shipped content on `platform`, with its assessment settings changed by `configure`.
    static func content(platform: String = "console", configure: (inout AssessmentSettings) -> Void = { _ in },
                        programs: ((inout [Program]) -> Void)? = nil) throws -> Content {
        let shipped = try Fixture.shippedContent()
        var settings = shipped.settings
        settings.platform = platform
        var plan = shipped.learning
        configure(&plan.assessments)
        programs?(&plan.programs)
        return Content(settings: settings, messages: shipped.messages, dialogs: shipped.dialogs, knowledge: shipped.knowledge, learning: plan,
                       language: shipped.language)
    }

    static func read(_ text: String, content: Content, file: String = "results.csv") -> Result<AssessmentBatch, ImportProblems> {
        AssessmentCSV.read(Data(text.utf8), file: file, content: content, today: today)
    }

    static func rows(_ text: String, content: Content) throws -> [AssessmentRow] {
        try read(text, content: content).get().rows
    }

    static func problems(_ text: String, content: Content) -> [String] {
        guard case .failure(let failure) = read(text, content: content) else { return [] }
        return failure.problems.map(\.description)
    }

    static let header = "Employee ID,Competency,Rater group,Score,Completed on,Manager priority\n"
}

/// RFC 4180 and the shapes survey tools export.
@Suite struct AssessmentCSVParsingTests {
    @Test func quotedFieldsHoldCommasQuotesAndLineBreaks() throws {
        let text = "a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\r\nlines\"\r\nplain,,last\r\n"
        let records = try CSVTable.records(text).get()
        #expect(records.map(\.fields) == [["a", "b", "c"], ["x, y", "say \"hi\"", "two\r\nlines"], ["plain", "", "last"]])
        #expect(records.map(\.line) == [1, 2, 4], "a record starts on the line after the one its quoted line break ended")
    }

    @Test func lineEndingsBlankLinesAndAByteOrderMark() throws {
        let data = Data([0xEF, 0xBB, 0xBF] + Array("h1,h2\rv1,v2\n\nv3,v4\r\n".utf8))
        let text = try #require(CSVTable.text(data))
        let records = try CSVTable.records(text).get()
        #expect(records.map(\.fields) == [["h1", "h2"], ["v1", "v2"], ["v3", "v4"]], "CR, LF and CRLF all end a line; a blank line is no record")
        #expect(records.map(\.line) == [1, 2, 4])
        #expect(records[0].fields[0] == "h1", "the byte order mark is not part of the first header")
    }

    @Test func semicolonsAndTabsAreReadWhenTheHeaderUsesThem() throws {
        #expect(try CSVTable.records("a;b;\"c;d\"\n1;2;3\n").get().map(\.fields) == [["a", "b", "c;d"], ["1", "2", "3"]])
        #expect(try CSVTable.records("a\tb\n1\t2,5\n").get().map(\.fields) == [["a", "b"], ["1", "2,5"]])
    }

    @Test func utf16WithAByteOrderMarkIsRead() throws {
        var data = Data([0xFF, 0xFE])
        data.append("Employee ID,Competency,Score\nana,Delegating,3\n".data(using: .utf16LittleEndian)!)
        #expect(CSVTable.text(data)?.hasPrefix("Employee ID") == true)
    }

    @Test func anUnclosedQuoteIsReportedWhereItOpens() {
        let result = CSVTable.records("a,b\n1,\"never closed\n2,3\n")
        #expect(result == .failure(CSVTable.Failure(line: 2, message: "a quoted field that starts here is never closed (a `\"` is missing)")))
    }

    @Test func theShippedMappingReadsACommonExport() throws {
        let content = try AssessmentFixture.content()
        let data = try Data(contentsOf: URL(fileURLWithPath: AssessmentFixture.directory + "360-2026-11.csv"))
        let batch = try AssessmentCSV.read(data, file: "360.csv", content: content, today: AssessmentFixture.today).get()
        #expect(batch.rows.count == 12)
        #expect(batch.people == ["console:ana", "console:bo"], "person_id turns `ana` into the terminal chat's id")
        #expect(batch.skills == ["client-presentations", "coaching-others", "delegation", "giving-feedback", "prioritisation", "recognition"])
        #expect(batch.rows.filter(\.flagged).map(\.skill) == ["delegation"])
        #expect(batch.rows.first { $0.rater == "Manager" && $0.skill == "giving-feedback" }?.line == 3)
        #expect(batch.rows.first { $0.rater == "Peer" }?.line == 5, "the quoted comment spans lines 3 and 4")
    }

    @Test func europeanExportsWithSemicolonsAndDecimalCommas() throws {
        let content = try AssessmentFixture.content()
        let data = try Data(contentsOf: URL(fileURLWithPath: AssessmentFixture.directory + "360-2026-05-semicolons.csv"))
        let rows = try AssessmentCSV.read(data, file: "may.csv", content: content, today: AssessmentFixture.today).get().rows
        #expect(rows.map(\.score) == [2.2, 2.4, 3.6, 3.9])
        #expect(rows.allSatisfy { $0.date == "2026-05-04" && !$0.flagged })
    }

    @Test func optionalColumnsMayBeMissingAndDatesDefaultToToday() throws {
        let content = try AssessmentFixture.content()
        let rows = try AssessmentFixture.rows("employee id , COMPETENCY,score\nana,giving-feedback,3\n", content: content)
        #expect(rows == [AssessmentRow(person: "console:ana", skill: "giving-feedback", score: 3, rater: "", date: "2026-11-18", flagged: false, line: 2)])
    }

    @Test func datesInTheConfiguredOrderAndIsoWithATime() throws {
        let content = try AssessmentFixture.content { $0.dateFormat = .dayFirst }
        let rows = try AssessmentFixture.rows(AssessmentFixture.header + "ana,Delegating,Manager,3,02/11/2026,\nana,Delegating,Peer,3,2026-11-03 14:05:00,x\n",
                                              content: content)
        #expect(rows.map(\.date) == ["2026-11-02", "2026-11-03"])
        #expect(rows.map(\.flagged) == [false, true])
    }

    @Test func skillNamesFromTheMappingTheIdsAndTheirWords() throws {
        let content = try AssessmentFixture.content()
        let rows = try AssessmentFixture.rows("Employee ID,Competency,Score\nana,Feedback,3\nana,GIVING  FEEDBACK,3\nana,giving_feedback,3\nana,1:1s,3\n",
                                              content: content)
        #expect(rows.map(\.skill) == ["giving-feedback", "giving-feedback", "giving-feedback", "running-one-on-ones"])
    }
}

/// Every bad row is named at its line with what is wrong, and a file with one imports nothing.
@Suite struct AssessmentCSVProblemTests {
    @Test func everyKindOfBadRowIsReportedAtItsLine() throws {
        let content = try AssessmentFixture.content()
        let data = try Data(contentsOf: URL(fileURLWithPath: AssessmentFixture.directory + "bad-rows.csv"))
        guard case .failure(let failure) = AssessmentCSV.read(data, file: "bad-rows.csv", content: content, today: AssessmentFixture.today) else {
            Issue.record("a file with bad rows was read")
            return
        }
        #expect(failure.problems.map(\.description) == [
            "bad-rows.csv:3: no person id (column `Employee ID`)",
            "bad-rows.csv:4: unknown skill `Giving Feedbak` (did you mean `giving feedback`?); map it to a skill id under `skills:` in Config/assessments.yaml",
            "bad-rows.csv:5: score `high` is not a number",
            "bad-rows.csv:6: score 7 is outside the scale 1-5 (`scale:` in Config/assessments.yaml)",
            "bad-rows.csv:7: date `02/11/2026` is not a date written YYYY-MM-DD (`date_format:` in Config/assessments.yaml)",
            "bad-rows.csv:8: `maybe` in column `Manager priority` is neither yes nor no",
            "bad-rows.csv:9: this row has 5 fields but the header has 6",
            "bad-rows.csv:10: date `2026-02-30` is not a day of the calendar",
        ])
    }

    @Test func aRowWithSeveralProblemsNamesEachAndScoresMustBeFinite() throws {
        let content = try AssessmentFixture.content()
        #expect(AssessmentFixture.problems(AssessmentFixture.header + ",Juggling,Manager,nan,2027-01-01,\n", content: content) == [
            "results.csv:2: no person id (column `Employee ID`)",
            "results.csv:2: unknown skill `Juggling`; map it to a skill id under `skills:` in Config/assessments.yaml",
            "results.csv:2: score `nan` is not a number",
            "results.csv:2: date 2027-01-01 is after today (2026-11-18)",
        ])
        #expect(AssessmentFixture.problems(AssessmentFixture.header + "ana,Delegating,Manager,,2026-11-02,\n", content: content)
            == ["results.csv:2: no score (column `Score`)"])
        #expect(AssessmentFixture.problems(AssessmentFixture.header + "ana,Delegating,Manager,3,2026-11-02,,extra\n", content: content)
            == ["results.csv:2: this row has 7 fields but the header has 6 (a value with a comma in it needs double quotes around it)"])
    }

    @Test func anIdThatCannotBeAnyoneOnThePlatform() throws {
        let matrix = try AssessmentFixture.content(platform: "matrix") { $0.personID = "{id}" }
        #expect(AssessmentFixture.problems("Employee ID,Competency,Score\nana.lopez,Delegating,3\n@bo:example.org,Delegating,3\n", content: matrix) == [
            "results.csv:2: `ana.lopez` is not a Matrix user id (`@name:server`); write it in full, or set `person_id: \"@{id}:example.org\"` in Config/assessments.yaml when the export holds only the name",
        ])
        let slack = try AssessmentFixture.content(platform: "slack") { $0.personID = "{id}" }
        #expect(AssessmentFixture.problems("Employee ID,Competency,Score\nana@example.com,Delegating,3\nU024BE7LH,Delegating,3\n", content: slack).count == 1)
        let templated = try AssessmentFixture.content(platform: "matrix") { $0.personID = "@{id}:example.org" }
        #expect(try AssessmentFixture.rows("Employee ID,Competency,Score\nana,Delegating,3\n", content: templated).map(\.person) == ["@ana:example.org"])
    }

    @Test func aMissingColumnNamesWhatTheHeaderHas() throws {
        let content = try AssessmentFixture.content()
        #expect(AssessmentFixture.problems("Employe ID,Competency,Points\nana,Delegating,3\n", content: content) == [
            "results.csv:1: no column `Employee ID` for the person id (did you mean `Employe ID`?); no column `Score` for the score; the header has `Employe ID`, `Competency`, `Points`. Name the export's columns under `columns:` in Config/assessments.yaml",
        ])
    }

    @Test func emptyFilesAndOtherEncodings() throws {
        let content = try AssessmentFixture.content()
        #expect(AssessmentFixture.problems("", content: content) == ["results.csv:1: the file is empty; it needs a header line and a row per score"])
        #expect(AssessmentFixture.problems(AssessmentFixture.header, content: content) == ["results.csv:1: no rows after the header: nothing to import"])
        let latin1 = Data([0x6E, 0x61, 0x6D, 0x65, 0x0A, 0xE9, 0x0A])
        guard case .failure(let failure) = AssessmentCSV.read(latin1, file: "x.csv", content: content, today: AssessmentFixture.today) else {
            Issue.record("Latin-1 was read as UTF-8")
            return
        }
        #expect(failure.problems.map(\.description) == ["x.csv:1: the file is not UTF-8 text; save it as \"CSV UTF-8\" (Excel: Save As, CSV UTF-8)"])
    }
}
