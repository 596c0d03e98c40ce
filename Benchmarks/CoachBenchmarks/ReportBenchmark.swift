import FlowCoachContent
import FlowCoachCore
import Foundation

/// How long the impact report takes over a large state: `people` people, 20 applications, 5
/// dialogs and 10 check-ins each over 90 days, rendered in every format.
func benchReport(people: Int) throws {
    let content = try ContentLoader.load(root: root)
    let start = Date(timeIntervalSince1970: 1_795_000_000)
    var random = SplitMix64(seed: 5)
    let skills = ["giving-feedback", "delegation", "negotiation", "one-on-ones"]
    var changes: [Change] = []
    for index in 0..<people {
        let user = "@p\(index):bench"
        changes.append(.put(UserRecord(id: user, displayName: "P\(index)", firstSeen: start, lastSeen: start.addingTimeInterval(random.unit() * 90 * 86_400))))
        for _ in 0..<20 {
            var application = Application(user: user, skill: skills[Int(random.next() % 4)], note: "did it", at: start.addingTimeInterval(random.unit() * 90 * 86_400), source: "chat")
            application.id += "|\(random.next() % 1_000_000)"
            application.impact = Int(random.next() % 5) + 1
            application.impactKind = .time
            changes.append(.put(application))
        }
        for run in 0..<5 {
            var dialogRun = DialogRun(user: user, dialog: "d\(run)", skill: skills[run % 4], startedAt: start.addingTimeInterval(Double(run) * 86_400))
            dialogRun.completed = true
            dialogRun.confidenceBefore = 2
            dialogRun.confidenceAfter = 4
            changes.append(.put(dialogRun))
        }
        for check in 0..<10 {
            var checkIn = CheckIn(id: "c|\(user)|\(check)", user: user, skill: skills[check % 4], sentAt: start.addingTimeInterval(Double(check) * 7 * 86_400))
            if check % 2 == 0 { checkIn.answeredAt = checkIn.sentAt }
            changes.append(.put(checkIn))
        }
    }
    var state = State()
    state.apply(changes)
    let clock = ContinuousClock()
    var report: Report?
    let built = try clock.measure {
        report = try ReportBuilder(state: state, content: content, since: start, until: start.addingTimeInterval(90 * 86_400)).build()
    }
    var sizes: [String] = []
    let rendered = try clock.measure {
        for format in ReportFormat.allCases { sizes.append("\(format.rawValue) \(try format.render(report!).utf8.count) B") }
    }
    print(String(format: "report: %d people, %d applications, %d dialogs, %d check-ins: built in %.0f ms, rendered (%@) in %.1f ms",
                 people, state.applications.count, state.runs.count, state.checkIns.count,
                 seconds(built) * 1000, sizes.joined(separator: ", "), seconds(rendered) * 1000))
}
