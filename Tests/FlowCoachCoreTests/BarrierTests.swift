@testable import FlowCoachCore
import Foundation
import Testing

/// Barriers to adoption: said by anyone, or in a cohort's discussion thread; categorised by
/// Prompts/barriers.yaml; reported by category without names.
@Suite struct BarrierTests {
    static let start = Fixture.now

    static func coach(cohortRoom: String = "!cohort") throws -> Coach {
        let shipped = try Fixture.shippedContent()
        var plan = shipped.learning
        plan.programs = [Program(id: "sprint", title: "Sprint", skills: ["delegation"],
                                 cohorts: [Cohort(id: "c1", start: nil, room: cohortRoom, members: [])], units: [])]
        return Coach(content: Content(settings: shipped.settings, messages: shipped.messages, dialogs: shipped.dialogs,
                                      knowledge: shipped.knowledge, learning: plan, language: shipped.language))
    }

    static func say(_ coach: Coach, _ state: inout State, _ user: String, _ text: String, room: String? = nil, threadRoot: String? = nil, at offset: Double = 0) -> String {
        let inbound = Inbound(eventID: "$\(user)\(offset)\(text.count)", sender: Person(id: user, displayName: user), room: room ?? "!dm-\(user)",
                              text: text, threadRoot: threadRoot, shared: threadRoot == nil ? nil : true)
        let turn = coach.handle(.message(inbound), state: state, now: start.addingTimeInterval(offset))
        state.apply(turn.changes)
        return turn.replies.map(\.text).joined(separator: "\n")
    }

    @Test func aBarrierIsRecordedWithItsCategoryAndSkill() throws {
        let coach = try Self.coach()
        var state = State()
        let reply = Self.say(coach, &state, "@ana:x", "barrier no time between back to back client calls")
        #expect(reply.contains("noted under time"), "\(reply)")
        #expect(state[Barrier.self].values.first?.category == "time")
        _ = Self.say(coach, &state, "@bo:x", "blocker delegation: my boss wants to approve everything I hand over", at: 60)
        let named = try #require(state[Barrier.self].values.first { $0.user == "@bo:x" })
        #expect(named.skill == "delegation" && named.category == "manager-support" && named.text.hasPrefix("my boss"))
        _ = Self.say(coach, &state, "@cy:x", "barrier the feedback template link is broken again", at: 120)
        #expect(state[Barrier.self].values.first { $0.user == "@cy:x" }?.category == "tools")
        _ = Self.say(coach, &state, "@di:x", "barrier honestly it just felt weird", at: 180)
        #expect(state[Barrier.self].values.first { $0.user == "@di:x" }?.category == BarrierCategory.other)
        let usage = Self.say(coach, &state, "@ana:x", "barrier", at: 240)
        #expect(usage.contains("Tell me what got in the way") && state[Barrier.self].count == 4)
    }

    @Test func aThreadedReplyToADiscussionPromptIsABarrierOfItsProgram() throws {
        let coach = try Self.coach()
        var state = State()
        let invite = try #require(coach.content.messages.text("barrier_invite")).render([:]).trimmed
        let root = "Peer discussion: what feedback did you give this week?\n\n" + invite
        let reply = Self.say(coach, &state, "@ana:x", "Honestly, too many meetings to prepare anything", room: "!cohort", threadRoot: root)
        let barrier = try #require(state[Barrier.self].values.first)
        #expect(barrier.program == "sprint" && barrier.skill == "delegation" && barrier.category == "time", "\(reply)")
        // A threaded reply to some other message of the coach's is not a barrier.
        _ = Self.say(coach, &state, "@bo:x", "thanks!", room: "!cohort", threadRoot: "Here is a tip.", at: 60)
        #expect(state[Barrier.self].count == 1)
    }

    @Test func theReportCountsThemByCategoryWithoutNames() throws {
        let coach = try Self.coach()
        var state = State()
        for (index, person) in ["@p1:x", "@p2:x", "@p3:x", "@p4:x", "@p5:x"].enumerated() {
            _ = Self.say(coach, &state, person, "barrier delegation: swamped with deadlines, @room <b>help</b>", at: Double(index) * 60)
        }
        _ = Self.say(coach, &state, "@p1:x", "barrier no access to the project tool", at: 400)
        let report = try ReportBuilder(state: state, content: coach.content, since: Self.start.addingTimeInterval(-3600),
                                       until: Self.start.addingTimeInterval(3600), minimumGroup: 5).build()
        let time = try #require(report.barriers.first { $0.category == "Time" && $0.program == nil && $0.skill == nil })
        #expect(time.count == 5 && time.people == 5 && time.examples.count == 3)
        #expect(time.examples.allSatisfy { !$0.contains("@room") && !$0.contains("<b>") })
        #expect(report.barriers.contains { $0.skill == "delegation" && $0.category == "Time" && $0.count == 5 })
        #expect(!report.barriers.contains { $0.category == "Tools and systems" }, "one person: hidden")
        #expect(report.isHidden("barriers", "Tools and systems"))
        let text = ReportText.render(report)
        #expect(text.contains("barriers\n  Time: 5 from 5 people\n") && !text.contains("@p1"))
        // Forgetting a person takes their barriers with them.
        state.apply(PersonalData(of: "@p1:x", in: state).erasure(in: state))
        #expect(state[Barrier.self].values.allSatisfy { $0.user != "@p1:x" })
    }
}
