@testable import FlowCoachContent
import FlowCoachCore
import Foundation
import Testing

@Suite struct ValidationTests {
    @Test func theFixtureIsValid() throws {
        let workspace = try Workspace()
        #expect(workspace.issues() == [])
        let content = try ContentLoader.load(root: workspace.root)
        #expect(content.dialogs.map(\.id) == ["alpha"])
        #expect(content.knowledge.map(\.id) == ["item-a"])
    }

    @Test func yamlSyntaxErrorHasItsPosition() throws {
        let workspace = try Workspace()
        try workspace.write("Prompts/dialogs/alpha.yaml", Workspace.dialog.replacingOccurrences(of: "title: Alpha", with: "title: [Alpha"))
        // The flow list opened on line 2 is still open when line 3's `:` arrives.
        #expect(
            workspace.issues() == [
                "Prompts/dialogs/alpha.yaml:3:6: YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence)"
            ])
    }

    @Test func unknownKeyIsNamedWithASuggestion() throws {
        let workspace = try Workspace()
        try workspace.write("Prompts/dialogs/alpha.yaml", Workspace.dialog.replacingOccurrences(of: "triggers:", with: "tirggers:"))
        #expect(
            workspace.issues() == [
                "Prompts/dialogs/alpha.yaml:1:1: the dialog is missing the required field `triggers`",
                "Prompts/dialogs/alpha.yaml:5:1: unknown key `tirggers` in the dialog (did you mean `triggers`?)",
            ])
    }

    @Test func missingRequiredFieldPointsAtTheMapping() throws {
        let workspace = try Workspace()
        try workspace.write("Prompts/dialogs/alpha.yaml", Workspace.dialog.replacingOccurrences(of: "    save: one\n", with: ""))
        #expect(workspace.issues() == [
            "Prompts/dialogs/alpha.yaml:9:5: step 1 is missing the required field `save`",
            "Prompts/dialogs/alpha.yaml:12:10: `{{one}}` is not a slot this dialog saves or captures (did you mean `role`?); it would always be empty",
        ])
    }

    @Test func wrongTypeNamesWhatWasFound() throws {
        let workspace = try Workspace()
        try workspace.write("Config/flowcoach.yaml", Workspace.config + "\nlimits:\n  max_retries: many\n")
        try workspace.write("Prompts/dialogs/alpha.yaml", Workspace.dialog.replacingOccurrences(of: "keywords: [alpha]", with: "keywords: alpha"))
        #expect(
            workspace.issues() == [
                "Config/flowcoach.yaml:5:16: `max_retries` should be a whole number, found text \"many\"",
                "Prompts/dialogs/alpha.yaml:7:13: `keywords` should be a list (`[a, b]` or `- a` lines), found text \"alpha\"",
            ])
    }

    @Test func aPlatformSectionIsLeftToTheLayerThatKnowsThePlatform() throws {
        let workspace = try Workspace()
        try workspace.write("Config/flowcoach.yaml", Workspace.config + "\nmatrix:\n  homesrver: 5\n")
        #expect(workspace.issues() == [], "a plain load accepts the section unread")
        var platform: String?
        do {
            _ = try ContentLoader.load(root: workspace.root) { config, settings in
                platform = settings.platform
                config.section("matrix")?.rejectUnknownKeys(["homeserver"])
            }
            Issue.record("the reader's problem should stop the load")
        } catch {
            #expect(error.issues.map { $0.formatted(root: ".") } == [
                "Config/flowcoach.yaml:5:3: unknown key `homesrver` in `matrix` (did you mean `homeserver`?)"
            ])
        }
        #expect(platform == "console")
    }

    @Test func theQABoardSettingsAreReadAndChecked() throws {
        let workspace = try Workspace()
        try workspace.write(
            "Config/flowcoach.yaml",
            Workspace.config + "\nqa:\n  board_room: \"!board:x\"\n  expert_daily_cap: 0\n  leaderbord: false\n  promote_at_votes: 3\n")
        #expect(
            workspace.issues() == [
                "Config/flowcoach.yaml:6:21: `expert_daily_cap` must be at least 1",
                "Config/flowcoach.yaml:7:3: unknown key `leaderbord` in `qa` (did you mean `leaderboard`?)",
            ])
        try workspace.write("Config/flowcoach.yaml", Workspace.config + "\nqa:\n  board_room: \"!board:x\"\n  promote_at_votes: 3\n")
        let content = try ContentLoader.load(root: workspace.root)
        #expect(content.settings.qa.boardRoom == "!board:x")
        #expect(content.settings.qa.promoteAtVotes == 3)
        #expect(content.settings.qa.expertsPerQuestion == 3)
    }

    @Test func nudgesProgramsAndPracticeCardsAreCheckedWithPositions() throws {
        let workspace = try Workspace()
        try workspace.write("Prompts/practice/alpha.yaml", """
            skill: alpha-skill
            cards:
              - id: c1
                prompt: What is alpha?
                answer: The first.
              - id: c1
                prompt: Again?
              - id: c3
                promt: typo
            """)
        try workspace.write("Config/nudges.yaml", """
            version: 1
            delivery:
              quiet_hours: "20:00"
              weekends: [sat, sunday, funday]
              holidays: [2026-13-01]
            nudges:
              - id: n1
                schedule: weekdays at 9:70
                message: Hi
              - id: n2
                schedule: daily at 10:00
                knowledge: item-x
              - id: n3
                schedule: "+2d at 10:00"
                practice: beta-skill
              - id: n4
                schedule: daily at 10:00
                message: Hi
                dialog: alpha
            """)
        try workspace.write("Config/programs.yaml", """
            programs:
              - id: p1
                title: P
                sprints:
                  - units:
                      - id: u1
                        kind: webinar
                        at: daily at 10:00
                        message: Hi
            """)
        #expect(
            workspace.issues() == [
                "Config/nudges.yaml:3:16: `quiet_hours` should be two times, e.g. \"09:00-17:30\"",
                "Config/nudges.yaml:4:27: `funday` is not a day; use sun, mon, tue, wed, thu, fri or sat",
                "Config/nudges.yaml:5:14: `2026-13-01` is not a date; write YYYY-MM-DD",
                "Config/nudges.yaml:8:15: `9:70` is not a time of day; write HH:MM, e.g. 09:30",
                "Config/nudges.yaml:12:16: unknown knowledge item `item-x` (did you mean `item-a`?)",
                "Config/nudges.yaml:14:15: a nudge's schedule is recurring or a date; relative times (`+2d`) belong to program units",
                "Config/nudges.yaml:15:15: no practice cards for skill `beta-skill` in Prompts/practice/",
                "Config/nudges.yaml:16:5: nudge 4 needs exactly one of `message`, `knowledge`, `practice`, `check_in`, `dialog`",
                "Config/programs.yaml:7:19: unknown unit kind `webinar`; use one of: kickoff, burst, practice, discussion, reflection",
                "Config/programs.yaml:8:17: a unit's `at` is relative to the cohort's start, e.g. \"+0d at 09:30\" or \"+2d at 10:00\"",
                "Prompts/practice/alpha.yaml:6:9: duplicate card id `c1` (also defined at Prompts/practice/alpha.yaml:3:9)",
                "Prompts/practice/alpha.yaml:8:5: card 3 is missing the required field `prompt`",
                "Prompts/practice/alpha.yaml:9:5: unknown key `promt` in card 3 (did you mean `prompt`?)",
            ])
    }

    @Test func programGoalsAreChecked() throws {
        let workspace = try Workspace()
        try workspace.write("Config/programs.yaml", """
            programs:
              - id: p1
                title: P
                goals:
                  learning: Better feedback
                  targets:
                    - metric: happiness
                      target: 2
                    - metric: confidence_lift
                    - metric: active_share
                      target: most
                    - metric: confidence_lift
                      target: 1
                      goal: x
                sprints: []
            """)
        let issues = workspace.issues()
        #expect(issues.contains { $0.hasPrefix("Config/programs.yaml:7:19: unknown metric `happiness`; use one of: applications_per_participant_per_week, confidence_lift") })
        #expect(issues.contains("Config/programs.yaml:9:11: goal target 2 needs a numeric `target`, e.g. `target: 2`"))
        #expect(issues.contains("Config/programs.yaml:11:19: `target` should be a number, found text \"most\""))
        #expect(issues.contains("Config/programs.yaml:14:11: unknown key `goal` in goal target 4"))
        #expect(issues.count == 4)
    }

    /// A pilot may show figures from smaller groups, but never from one or two people.
    @Test func aProgramsReportMinimumGroupIsAtLeastThree() throws {
        let workspace = try Workspace()
        let program = """
            programs:
              - id: pilot
                title: P
                report_min_group: %@
                sprints: []
            """
        try workspace.write("Config/programs.yaml", program.replacingOccurrences(of: "%@", with: "2"))
        #expect(workspace.issues() == ["Config/programs.yaml:4:23: `report_min_group` must be at least 3: a figure drawn from one or two people shows their own answers"])
        try workspace.write("Config/programs.yaml", program.replacingOccurrences(of: "%@", with: "3"))
        #expect(workspace.issues().isEmpty)
        #expect(try ContentLoader.load(root: workspace.root).learning.programs.first?.reportMinimumGroup == 3)
    }

    @Test func duplicateIdsAcrossFilesNameTheFirst() throws {
        let workspace = try Workspace()
        try workspace.write("Prompts/dialogs/beta.yaml", Workspace.dialog.replacingOccurrences(of: "coach alpha", with: "coach beta"))
        try workspace.write("Prompts/knowledge/item-b.md", Workspace.knowledge)
        #expect(
            workspace.issues() == [
                "Prompts/dialogs/beta.yaml:1:5: duplicate dialog id `alpha` (also defined at Prompts/dialogs/alpha.yaml:1:5)",
                "Prompts/knowledge/item-b.md:2:5: duplicate knowledge id `item-a` (also defined at Prompts/knowledge/item-a.md:2:5)",
            ])
    }

    @Test func unknownReferencesAreReported() throws {
        let workspace = try Workspace()
        let broken = Workspace.dialog
            .replacingOccurrences(of: "recommend: [item-a]", with: "recommend: [item-b]\n    next_dialog: gamma")
            .replacingOccurrences(of: "    save: one\n", with: "    save: one\n    next: tow\n")
        try workspace.write("Prompts/dialogs/alpha.yaml", broken)
        #expect(
            workspace.issues() == [
                "Prompts/dialogs/alpha.yaml:12:11: `next` refers to unknown step `tow` (did you mean `two`?)",
                "Prompts/dialogs/alpha.yaml:15:17: unknown knowledge item `item-b` (did you mean `item-a`?)",
                "Prompts/dialogs/alpha.yaml:16:18: unknown dialog `gamma`",
            ])
    }

    @Test func invalidRegularExpression() throws {
        let workspace = try Workspace()
        try workspace.write(
            "Prompts/dialogs/alpha.yaml", Workspace.dialog.replacingOccurrences(of: "keywords: [alpha]", with: "patterns: ['(alpha']"))
        let issues = workspace.issues()
        #expect(issues.count == 1)
        #expect(issues.first?.hasPrefix("Prompts/dialogs/alpha.yaml:7:14: invalid regular expression `(alpha`") == true, "\(issues)")
    }

    @Test func invalidTemplateInAPlainScalar() throws {
        let workspace = try Workspace()
        try workspace.write("Prompts/dialogs/alpha.yaml", Workspace.dialog.replacingOccurrences(of: "say: Thanks {{one}}", with: "say: Thanks {{#one}}"))
        #expect(
            workspace.issues() == [
                "Prompts/dialogs/alpha.yaml:13:25: invalid template: a section is opened but never closed (missing `{{/name}}`)"
            ])
    }

    @Test func invalidTemplateInABlockScalarPointsIntoTheBlock() throws {
        let workspace = try Workspace()
        try workspace.write(
            "Prompts/messages.yaml",
            Workspace.messages.replacingOccurrences(of: "fallback: Sorry", with: "fallback: |\n  Sorry,\n  try {{help"))
        #expect(workspace.issues() == ["Prompts/messages.yaml:6:1: invalid template: a tag is not closed (missing `}}`)"])
    }

    @Test func everyProblemIsReportedInOneRun() throws {
        let workspace = try Workspace()
        try workspace.write("Config/flowcoach.yaml", "version: 1\nplatfrom: console\n")
        try workspace.write("Prompts/messages.yaml", Workspace.messages.replacingOccurrences(of: "give_up: Paused {{dialog}}", with: ""))
        try workspace.write("Prompts/knowledge/item-a.md", Workspace.knowledge.replacingOccurrences(of: "kind: tip", with: "kind: poem"))
        let issues = workspace.issues()
        #expect(
            issues == [
                "Config/flowcoach.yaml:2:1: unknown key `platfrom` in the configuration (did you mean `platform`?)",
                "Prompts/dialogs/alpha.yaml:14:17: unknown knowledge item `item-a`",
                "Prompts/knowledge/item-a.md:4:7: unknown kind `poem`; expected one of: job_aid, template, checklist, case_study, refresher, tip, guide",
                "Prompts/messages.yaml:1:1: messages.yaml is missing the required field `give_up`",
            ])
    }

    @Test func theShippedContentIsValid() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        let content = try ContentLoader.load(root: root)
        #expect(content.dialogs.count >= 2)
        #expect(content.knowledge.count >= 5)
    }
}

/// Each message may use only the values it is rendered with; every key the code asks for is declared.
@Suite struct MessageVariableTests {
    @Test func aTemplateNamingAValueItDoesNotGetIsReported() throws {
        let workspace = try Workspace()
        try workspace.write(
            "Prompts/messages.yaml",
            Workspace.requiredMessages.replacingOccurrences(of: "too_long: Max {{limit}}", with: "too_long: Max {{limt}} for {{user}}")
                + "\nno_results: Nothing for {{querry}}\nhelp_extra_ok: x\n"
                + Messages.optionalKeys.filter { $0 != "no_results" }.map { "\($0): \($0) text\n" }.joined())
        let issues = workspace.issues()
        #expect(issues.contains { $0.hasPrefix("Prompts/messages.yaml:7:11:") && $0.contains("`too_long` has no value `{{limt}}`; it can use {{limit}}, {{user}}") }, "\(issues)")
        #expect(issues.contains { $0.hasPrefix("Prompts/messages.yaml:9:13:") && $0.contains("`no_results` has no value `{{querry}}`") }, "\(issues)")
        #expect(issues.contains { $0.contains("unknown key `help_extra_ok`") }, "\(issues)")
    }

    @Test func aBoardPostThatDoesNotNameItsQuestionFirstIsReported() throws {
        let workspace = try Workspace()
        try workspace.write("Prompts/messages.yaml", Workspace.messages.replacingOccurrences(of: "qa_board_post: Question {{id}}", with: "qa_board_post: \"{{asker}} asks ({{id}})\""))
        let issues = workspace.issues()
        #expect(issues.contains { $0.contains("`qa_board_post` must begin with \"Question {{id}}\"") }, "\(issues)")
        #expect(try Workspace().issues().isEmpty)
    }

    @Test func dialogMenuFieldsAreAllowedOnlyInsideTheDialogsSection() {
        #expect(MessageVariables.unknown(in: "{{#dialogs}}{{title}}: {{command}}{{/dialogs}} {{user}}", allowed: ["dialogs"]).isEmpty)
        #expect(MessageVariables.unknown(in: "{{title}}", allowed: ["dialogs"]) == ["title"])
        #expect(MessageVariables.unknown(in: "{{{query}}} {{& query}} {{! note}}", allowed: ["query"]).isEmpty)
    }

    @Test func everyKeyTheCodeAsksForIsDeclared() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources")
        var asked: Set<String> = []
        let files = FileManager.default.enumerator(atPath: sources.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
        for file in files {
            let text = try String(contentsOfFile: sources.path + "/" + file, encoding: .utf8)
            for opening in ["messages.text(\"", "say(\"", "message(\"", "Rejection(key: \""] {
                for part in text.components(separatedBy: opening).dropFirst() {
                    let key = String(part.prefix { $0 != "\"" })
                    if !key.contains("\\(") { asked.insert(key) }  // keys made from a value are not literal
                }
            }
        }
        #expect(asked.count > 50)
        for key in asked { #expect(Messages.variables[key] != nil, "\(key) is asked for but not declared") }
        for kind in KnowledgeItem.Kind.allCases {
            #expect(Messages.variables["knowledge_kind_\(kind.rawValue)"] != nil, "\(kind) has no name in messages")
        }
        for key in Messages.keys + Messages.optionalKeys { #expect(Messages.variables[key] != nil, "\(key) has no declared values") }
    }
}
