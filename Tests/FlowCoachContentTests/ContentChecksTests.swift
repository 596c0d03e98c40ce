@testable import FlowCoachContent
import FlowCoachCore
import Foundation
import Testing

/// What `validate` catches in content that would otherwise fail quietly: a misspelt slot, a card
/// for a skill nothing coaches, a rubric criterion without its rule.
@Suite struct ContentChecksTests {
    @Test func aMisspeltSlotIsNamedWithTheOneMeant() throws {
        let workspace = try Workspace()
        try workspace.write("Prompts/dialogs/alpha.yaml", Workspace.dialog.replacingOccurrences(of: "say: Thanks {{one}}", with: "say: Thanks {{you(onne)}} {{user}}"))
        #expect(workspace.issues() == [
            "Prompts/dialogs/alpha.yaml:13:10: `{{onne}}` is not a slot this dialog saves or captures (did you mean `one`?); it would always be empty",
        ])
    }

    @Test func aCardForASkillNothingCoachesIsRefused() throws {
        let workspace = try Workspace()
        try workspace.write("Prompts/practice/alpha.yaml", """
            skill: alpha-skil
            cards:
              - id: c1
                prompt: What is alpha?
            """)
        #expect(workspace.issues() == [
            "Prompts/practice/alpha.yaml:1:8: no dialog or knowledge item coaches the skill `alpha-skil` (did you mean `alpha-skill`?)",
        ])
    }

    @Test func aProgramForASkillNothingCoachesIsRefused() throws {
        let workspace = try Workspace()
        try workspace.write("Config/programs.yaml", """
            version: 1
            programs:
              - id: sprint
                title: A sprint
                skills: [alpha-skil]
                cohorts:
                  - id: everyone
                sprints:
                  - title: One
                    units:
                      - id: hello
                        kind: kickoff
                        at: "+0d at 09:30"
                        message: Welcome.
            """)
        #expect(workspace.issues().contains("Config/programs.yaml:5:14: no dialog or knowledge item coaches the skill `alpha-skil` (did you mean `alpha-skill`?)"),
                "\(workspace.issues())")
    }

    @Test func aRubricCriterionNeedsExactlyOneRule() throws {
        let workspace = try Workspace()
        try workspace.write("Prompts/practice/alpha.yaml", """
            skill: alpha-skill
            cards:
              - id: c1
                prompt: Tell Sam about the late report.
                rubric:
                  - name: situation
                    mentions: [monday, report]
                    avoids: [lazy]
                    met: You named it.
                    missed: Say when.
                examples:
                  good: Monday's report was late.
                  poor: You are lazy.
            """)
        #expect(workspace.issues().first?.contains("a criterion needs exactly one rule") == true)
    }

    @Test func aScenarioAnswerIsReadCriterionByCriterion() {
        let criteria = [
            RubricCriterion(name: "situation", rule: .mentions(["monday", "standup", "meeting"]), met: "named", missed: "say when"),
            RubricCriterion(name: "no labels", rule: .avoids(["lazy", "always", "unprofessional"]), met: "clean", missed: "a label"),
            RubricCriterion(name: "question", rule: .asksQuestion, met: "asked", missed: "ask"),
            RubricCriterion(name: "length", rule: .atLeastWords(8), met: "enough", missed: "more"),
        ]
        let good = "In Monday's standup you cut Priya off twice. She stopped talking. What was going on for you?"
        let poor = "You're always so unprofessional."
        #expect(criteria.map { $0.isMet(by: good) } == [true, true, true, true])
        #expect(criteria.map { $0.isMet(by: poor) } == [false, false, false, false])
        #expect(criteria[0].isMet(by: "in the meetings last week"), "word forms count")
    }
}

/// Admin and role ids that cannot match anyone on the platform are named, with the right form.
@Suite struct PersonIDTests {
    @Test func anAdminByDisplayNameIsRefusedWithTheIdToUse() throws {
        let workspace = try Workspace()
        try workspace.write("Config/flowcoach.yaml", Workspace.config + "\nadmins: [Admin, \"console:ana\"]\n")
        #expect(workspace.issues() == [
            "Config/flowcoach.yaml:4:10: `Admin` cannot match anyone in the terminal chat: its people are `console:<name>` (e.g. `console:admin`, where <name> is `flowcoach chat --user <name>`)",
        ])
    }
}
