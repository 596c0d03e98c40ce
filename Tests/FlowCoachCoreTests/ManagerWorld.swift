import FlowCoachContent
import FlowCoachCore
import Foundation

/// A team and its manager sharing one state with a coach, on an explicit clock: Maya manages
/// Ana, Bo and Cy; Olu manages Zed. Times are UTC; everyone's zone is Europe/Berlin.
struct ManagerWorld {
    let coach: Coach
    var state = State()
    var counter = 0
    var now = Date.distantPast
    let maya = Person(id: "@maya:x", displayName: "Maya")
    let ana = Person(id: "@ana:x", displayName: "Ana")
    let bo = Person(id: "@bo:x", displayName: "Bo")
    let cy = Person(id: "@cy:x", displayName: "Cy")
    let olu = Person(id: "@olu:x", displayName: "Olu")
    let zed = Person(id: "@zed:x", displayName: "Zed")

    init(minimumGroup: Int = 3, digest: String = ManagerSettings.defaultDigest) throws {
        let shipped = try Fixture.shippedContent()
        var settings = shipped.settings
        settings.timeZone = "Europe/Berlin"
        settings.reportMinimumGroup = minimumGroup
        settings.managers = ManagerSettings(
            managerOf: ["@ana:x": "@maya:x", "@bo:x": "@maya:x", "@cy:x": "@maya:x", "@zed:x": "@olu:x"], digest: digest)
        var plan = shipped.learning
        plan.nudges = []  // only the digest is scheduled
        coach = Coach(content: Content(settings: settings, messages: shipped.messages, dialogs: shipped.dialogs, knowledge: shipped.knowledge,
                                       learning: plan, language: shipped.language))
    }

    static func at(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    static func room(_ person: Person) -> String { "!\(person.displayName)" }

    /// Everything the message caused to be sent, to anyone.
    mutating func send(_ person: Person, _ text: String, at time: String) -> [Outbound] {
        counter += 1
        now = max(now, Self.at(time))
        let inbound = Inbound(eventID: "$\(counter)", sender: person, room: Self.room(person), text: text)
        let turn = coach.handle(.message(inbound), state: state, now: Self.at(time))
        state.apply(turn.changes)
        return turn.replies
    }

    /// The reply to `person` in their own room.
    @discardableResult
    mutating func say(_ person: Person, _ text: String, at time: String) -> String {
        send(person, text, at: time).filter { $0.room == Self.room(person) }.map(\.text).joined(separator: "\n")
    }

    /// Ticks at every wake-up the coach asks for until `time`; returns everything sent.
    mutating func run(until time: String) -> [(at: Date, message: Outbound)] {
        var sent: [(Date, Outbound)] = []
        while let asked = coach.nextWake(state), asked <= Self.at(time) {
            let wake = max(asked, now)
            now = wake
            let turn = coach.handle(.tick, state: state, now: wake)
            state.apply(turn.changes)
            sent += turn.replies.map { (wake, $0) }
            if turn.changes.isEmpty && turn.replies.isEmpty && asked <= now { break }
        }
        return sent
    }

    /// `message` of the shipped pack, rendered with `values`.
    func text(_ key: String, _ values: [String: Any] = [:]) -> String {
        coach.content.messages.text(key)?.render(values).trimmingCharacters(in: .whitespacesAndNewlines) ?? "<no \(key)>"
    }

    /// Ana, Bo and Cy each apply delegation on Monday; only the notes differ.
    mutating func everyoneAppliesDelegation() {
        say(ana, "applied delegation: handed the Q3 report to Bo with a clear brief", at: "2026-11-30T09:10:00Z")
        say(ana, "4", at: "2026-11-30T09:11:00Z")
        say(bo, "applied delegation: BO-PRIVATE let the intern run the vendor call", at: "2026-11-30T09:20:00Z")
        say(bo, "3", at: "2026-11-30T09:21:00Z")
        say(cy, "applied delegation: CY-PRIVATE passed the budget draft to Lee", at: "2026-11-30T09:30:00Z")
        say(cy, "5", at: "2026-11-30T09:31:00Z")
    }
}
