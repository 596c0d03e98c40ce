import FlowCoachContent
import FlowCoachCore
import Foundation
import Testing

/// `flowcoach validate` checks `Config/assessments.yaml` and `enrol_by_gap`.
@Suite struct AssessmentConfigTests {
    /// A copy of the shipped Prompts/ and Config/ with `files` written over it.
    static func root(_ files: [String: String]) throws -> String {
        let root = NSTemporaryDirectory() + "flowcoach-assessment-config-" + UUID().uuidString
        for directory in ["Prompts", "Config"] {
            try FileManager.default.copyItem(atPath: Fixture.repoRoot + "/" + directory, toPath: root + "/" + directory)
        }
        for (path, text) in files { try text.write(toFile: root + "/" + path, atomically: true, encoding: .utf8) }
        return root
    }

    static func issues(_ files: [String: String]) throws -> [String] {
        do {
            _ = try ContentLoader.load(root: try root(files))
            return []
        } catch let error as ContentError {
            return error.issues.map { $0.formatted(root: ".") }
        }
    }

    @Test func theShippedFileIsRead() throws {
        let settings = try Fixture.shippedContent().learning.assessments
        #expect(settings.columns.person == "Employee ID" && settings.columns.flagged == "Manager priority")
        #expect(settings.target == 3.5 && settings.scaleMin == 1 && settings.scaleMax == 5 && settings.prioritiesPerPerson == 3)
        #expect(settings.skillNames["delegating"] == "delegation" && settings.name == "360" && settings.personID == "console:{id}")
        #expect(try Fixture.shippedContent().learning.program("feedback-sprint")?.enrolByGap == ["giving-feedback"])
    }

    @Test func everyMistakeIsNamedAtItsLine() throws {
        let issues = try Self.issues(["Config/assessments.yaml": """
            version: 1
            columns:
              person: Employee ID
              skil: Competency
            skills:
              Feedback: giving-feedbak
            scale: {min: 5, max: 1}
            target: 9
            priorities_per_person: 0
            person_id: "@name:example.org"
            date_format: DD.MM.YY
            """])
        #expect(issues == [
            "Config/assessments.yaml:4:3: unknown key `skil` in `columns` (did you mean `skill`?)",
            "Config/assessments.yaml:6:13: no dialog, knowledge item or practice card has the skill `giving-feedbak` (did you mean `giving-feedback`?)",
            "Config/assessments.yaml:7:8: the scale's `min` must be below its `max`, e.g. `scale: {min: 1, max: 5}`",
            "Config/assessments.yaml:8:9: `target` must be on the scale, above 1 and at most 5",
            "Config/assessments.yaml:9:24: `priorities_per_person` must be at least 1",
            "Config/assessments.yaml:10:12: `person_id` must contain `{id}` where the export's value goes, e.g. \"@{id}:example.org\"",
            "Config/assessments.yaml:11:14: unknown `date_format` `DD.MM.YY`; use one of: YYYY-MM-DD, DD/MM/YYYY, MM/DD/YYYY",
        ])
    }

    @Test func enrolByGapNamesKnownSkills() throws {
        let programs = try String(contentsOfFile: Fixture.repoRoot + "/Config/programs.yaml", encoding: .utf8)
            .replacingOccurrences(of: "enrol_by_gap: [giving-feedback]", with: "enrol_by_gap: [giving-feedbak]")
        let issues = try Self.issues(["Config/programs.yaml": programs])
        #expect(issues.count == 1)
        #expect(issues.first?.contains("no dialog or knowledge item coaches the skill `giving-feedbak` (did you mean `giving-feedback`?)") == true)
    }

    @Test func withoutTheFileTheDefaultsApply() throws {
        let root = try Self.root([:])
        try FileManager.default.removeItem(atPath: root + "/Config/assessments.yaml")
        let settings = try ContentLoader.load(root: root).learning.assessments
        #expect(settings == AssessmentSettings())
        #expect(settings.columns.person == "person" && settings.personID == "{id}")
    }
}
