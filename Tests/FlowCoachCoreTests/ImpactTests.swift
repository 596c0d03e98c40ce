import FlowCoachCore
import Foundation
import Testing

@Suite struct ImpactCaptureTests {
    @Test func appliedRecordsTheSkillAndTheImpactAnswer() throws {
        var world = try NudgeWorld(NudgeWorld.plan([]), zone: "UTC")
        world.say(world.ana, "hello", at: "2026-11-23T12:00:00Z")
        let reply = world.say(world.ana, "applied giving feedback: told Sam about the late report with SBI", at: "2026-11-23T12:01:00Z")
        #expect(reply.contains("that's 1 time you've applied giving-feedback"))
        #expect(world.say(world.ana, "4 time 1.5", at: "2026-11-23T12:02:00Z").contains("impact 4/5 (time)"))
        let application = try #require(world.state.applications.values.first)
        #expect(application.skill == "giving-feedback" && application.note == "told Sam about the late report with SBI")
        #expect(application.impact == 4 && application.impactKind == .time && application.amount == 1.5 && application.source == "chat")
        #expect(world.state.profiles["@ana:x"]?.awaiting == nil)
        #expect(world.say(world.ana, "applied delegation: handed the weekly report to Bo", at: "2026-11-24T12:00:00Z").contains("1 time"))
        #expect(world.say(world.ana, "skip", at: "2026-11-24T12:01:00Z").contains("skipped"))
        #expect(world.state.applications.count == 2)
    }

    @Test func anUnknownSkillOrAMissingNoteRecordsNothingAndSaysHow() throws {
        var world = try NudgeWorld(NudgeWorld.plan([]), zone: "UTC")
        world.say(world.ana, "hello", at: "2026-11-23T12:00:00Z")
        let unknown = world.say(world.ana, "applied juggling: three balls", at: "2026-11-23T12:01:00Z")
        #expect(unknown.contains("I don't know the skill \"juggling\"") && unknown.contains("giving-feedback") && unknown.contains("nothing was recorded"))
        #expect(world.say(world.ana, "applied delegation", at: "2026-11-23T12:02:00Z").contains("applied <skill>: what you did"))
        #expect(world.say(world.ana, "applied delegation:", at: "2026-11-23T12:03:00Z").contains("What happened?"))
        #expect(world.state.applications.isEmpty)
    }

    @Test func aCheckInYesAndItsNoteBecomeAnApplication() throws {
        let checkIn = try NudgeDefinition(id: "sbi", schedule: "daily at 10:00", audience: .everyone, priority: 1,
                                          content: .checkIn(skill: "giving-feedback", question: Template("Did you give SBI feedback, {{user}}?")))
        var world = try NudgeWorld(NudgeWorld.plan([checkIn]), zone: "UTC")
        world.say(world.ana, "hello", at: "2026-11-23T12:00:00Z")
        #expect(world.tick(at: "2026-11-24T10:00:00Z").map(\.text) == ["Did you give SBI feedback, Ana?\n\n(yes / no)"])
        world.say(world.ana, "yes", at: "2026-11-24T10:05:00Z")
        #expect(world.say(world.ana, "Praised Bo's demo, specifically", at: "2026-11-24T10:06:00Z").contains("How much did it help"))
        world.say(world.ana, "5 quality", at: "2026-11-24T10:07:00Z")
        let application = try #require(world.state.applications.values.first)
        #expect(application.source == "check-in" && application.impact == 5 && application.impactKind == .quality)
        #expect(world.state.checkIns.values.first?.applied == true)
    }
}
