import Foundation
import Testing

@testable import FlowCoachCore

/// `admin broadcast everyone|<cohort>|<role> <text>`: a preview that says whom it reaches, then a yes.
@Suite struct BroadcastTests {
    struct Room {
        let coach: Coach
        var state = State()
        var number = 0

        init(cohorts: [Cohort] = [], roles: [String: String] = [:]) throws {
            let shipped = try Fixture.shippedContent()
            var settings = shipped.settings
            settings.admins = ["@root:x"]
            settings.roles = roles
            var plan = shipped.learning
            plan.programs = cohorts.isEmpty ? [] : [Program(id: "p", title: "P", skills: [], cohorts: cohorts, units: [])]
            coach = Coach(content: Content(settings: settings, messages: shipped.messages, dialogs: shipped.dialogs, knowledge: shipped.knowledge, learning: plan))
        }

        mutating func say(_ id: String, _ text: String) -> Turn {
            number += 1
            let turn = coach.handle(.message(Inbound(eventID: "$\(number)", sender: Person(id: id, displayName: id), room: "!dm-\(id)", text: text)),
                                    state: state, now: Date(timeIntervalSince1970: 1_795_000_000 + Double(number)))
            state.apply(turn.changes)
            return turn
        }

        mutating func reply(_ id: String, _ text: String) -> String {
            say(id, text).replies.first?.text ?? ""
        }
    }

    @Test func everyoneReachesEveryoneWhoHasWritten() throws {
        var room = try Room()
        _ = room.say("@ana:x", "hello")
        _ = room.say("@bo:x", "hello")
        _ = room.say("@root:x", "hello")
        let preview = room.reply("@root:x", "admin broadcast everyone The office is closed on Friday")
        #expect(preview.contains("This goes to everyone (3 people):"), "\(preview)")
        #expect(preview.contains("The office is closed on Friday"))
        let sent = room.say("@root:x", "yes")
        #expect(sent.replies.first?.text == "Sent to 3 people.")
        #expect(Set(sent.replies.dropFirst().map(\.room)) == ["!dm-@ana:x", "!dm-@bo:x", "!dm-@root:x"])
        #expect(sent.replies.dropFirst().allSatisfy { $0.text == "The office is closed on Friday" })
        #expect(room.state.audit.values.contains { $0.command == "broadcast sent to 3 in everyone" })
    }

    @Test func aRoleReachesThePeopleWhoHoldIt() throws {
        var room = try Room(roles: ["@cy:x": "manager", "@di:x": "engineer"])
        _ = room.say("@ana:x", "hello")
        _ = room.say("@ana:x", "role manager")
        _ = room.say("@bo:x", "hello")
        // The plural finds the role too; Cy is a manager in Config but has never written.
        let preview = room.reply("@root:x", "admin broadcast managers 1:1s move to Tuesdays")
        #expect(preview.contains("This goes to everyone with the role manager (1 person; 1 more has never written to me"), "\(preview)")
        let sent = room.say("@root:x", "yes")
        #expect(sent.replies.first?.text == "Sent to 1 person with the role manager.")
        #expect(sent.replies.dropFirst().map(\.room) == ["!dm-@ana:x"])
        #expect(sent.replies.dropFirst().first?.text == "1:1s move to Tuesdays")
    }

    @Test func aNameThatIsACohortAndARoleIsTheCohortAndThePreviewSaysSo() throws {
        var room = try Room(cohorts: [Cohort(id: "leads", start: nil, room: nil, members: ["@bo:x"])])
        _ = room.say("@ana:x", "role leads")
        _ = room.say("@bo:x", "hello")
        let cohort = room.reply("@root:x", "admin broadcast leads Hi")
        #expect(cohort.contains("This goes to cohort leads (1 person)"), "\(cohort)")
        #expect(cohort.contains("\"leads\" is both a cohort and a role; this is the cohort"))
        #expect(room.say("@root:x", "yes").replies.dropFirst().map(\.room) == ["!dm-@bo:x"])
        let role = room.reply("@root:x", "admin broadcast role leads Hi")
        #expect(role.contains("This goes to everyone with the role leads (1 person)"), "\(role)")
        #expect(!role.contains("both a cohort and a role"))
        #expect(room.say("@root:x", "yes").replies.dropFirst().map(\.room) == ["!dm-@ana:x"])
        let explicit = room.reply("@root:x", "admin broadcast cohort leads Hi")
        #expect(explicit.contains("This goes to cohort leads (1 person)") && !explicit.contains("both"))
    }

    @Test func anUnknownTargetListsCohortsAndRoles() throws {
        var room = try Room(cohorts: [Cohort(id: "c1", start: nil, room: nil, members: [])], roles: ["@cy:x": "engineer"])
        _ = room.say("@ana:x", "role manager")
        let reply = room.reply("@root:x", "admin broadcast nobody Hi")
        #expect(reply.contains("I don't know who \"nobody\" is"), "\(reply)")
        #expect(reply.contains("a cohort (c1)") && reply.contains("a role (engineer, manager)"))
        #expect(room.state.profiles["@root:x"]?.awaiting == nil, "nothing waits for a yes")
        #expect(room.reply("@root:x", "admin broadcast role nobody Hi").contains("I don't know who \"nobody\" is"))
        #expect(room.reply("@root:x", "admin broadcast cohort c2 Hi").contains("I don't know who \"c2\" is"))
        let none = try Room()
        var empty = none
        #expect(empty.reply("@root:x", "admin broadcast nobody Hi").contains("a cohort (none yet"))
    }

    @Test func usageAndHelpNameEveryTarget() throws {
        var room = try Room()
        #expect(room.reply("@root:x", "admin broadcast").contains("admin broadcast everyone <text>"))
        #expect(room.reply("@root:x", "admin broadcast everyone").contains("admin broadcast everyone <text>"), "no text: the usage")
        #expect(room.reply("@root:x", "admin").contains("admin broadcast everyone|<cohort>|<role> <text>"))
        #expect(room.reply("@root:x", "help admin").contains("messages everyone, a cohort or a role"))
    }

    @Test func aPendingBroadcastFromBeforeRolesStillGoesToItsCohort() {
        #expect(Session.BroadcastTarget(ref: "c1") == .cohort("c1"))
        for target in [Session.BroadcastTarget.everyone, .cohort("c1"), .cohort("*"), .cohort("role:x"), .role("manager")] {
            #expect(Session.BroadcastTarget(ref: target.ref) == target)
        }
    }
}
