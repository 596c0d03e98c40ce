// On-demand benchmarks of the pure core (not part of CI's pass/fail):
//   swift run -c release flowcoach-benchmarks [--items 100000] [--queries 1000] [--users 10000] [--messages 200000]
//       [--nudges 1000000] [--nudges-only] [--people 10000] [--report-only] [--coach-only]
//   Search (Benchmarks/README.md): --search-only [--items 100000] [--questions 100000] [--queries 2000] [--runs 3]
//       [--no-fts] [--slowest] [--dump FILE]
//   The store (Benchmarks/README.md): --commits-only [--runs 3] [--dir /path], --startup-only [--runs 3],
//       --snapshot-only [--runs 3]
// Prints coach throughput with many users in state, and knowledge search latency side by side
// with SQLite FTS5's bm25() (python3's sqlite3) on the same items and queries.
import FlowCoachContent
import FlowCoachCore
import Foundation

/// A small deterministic generator so every run measures the same data.
typealias SplitMix64 = SeededRandom

func argument(_ name: String, _ fallback: Int) -> Int {
    let args = CommandLine.arguments
    guard let index = args.firstIndex(of: name), index + 1 < args.count, let value = Int(args[index + 1]) else { return fallback }
    return value
}

func percentile(_ values: [Double], _ p: Double) -> Double {
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, Int((p / 100 * Double(sorted.count - 1)).rounded()))]
}

let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

// MARK: coach throughput

func benchCoach(users: Int, messages: Int) throws {
    let content = try ContentLoader.load(root: root)
    let coach = Coach(content: content)
    var state = State()
    let start = Date(timeIntervalSince1970: 1_795_000_000)
    // Fill the state: every user has talked to the coach; half are mid-dialog.
    for index in 0..<users {
        let person = Person(id: "@u\(index):bench", displayName: "User \(index)")
        let opener = index % 2 == 0 ? "coach feedback" : "help"
        let turn = coach.handle(.message(Inbound(eventID: "$seed\(index)", sender: person, room: "!r\(index)", text: opener)), state: state, now: start)
        state.apply(turn.changes)
    }
    let texts = ["3", "2", "In the Monday review", "help", "search feedback", "coach 1:1", "Priya, two weeks", "cancel", "coach presentation", "what's the weather"]
    var inbound: [Inbound] = []
    inbound.reserveCapacity(messages)
    for index in 0..<messages {
        let user = index % users
        inbound.append(Inbound(eventID: "$m\(index)", sender: Person(id: "@u\(user):bench", displayName: "User \(user)"), room: "!r\(user)", text: texts[(index / users) % texts.count]))
    }
    let clock = ContinuousClock()
    var replies = 0
    let elapsed = clock.measure {
        for (index, message) in inbound.enumerated() {
            let turn = coach.handle(.message(message), state: state, now: start + Double(index))
            state.apply(turn.changes)
            replies += turn.replies.count
        }
    }
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    print(String(format: "coach: %d messages over %d users in %.2f s = %.0f messages/s (%.1f µs each), %d replies",
                 messages, users, seconds, Double(messages) / seconds, seconds / Double(messages) * 1e6, replies))
}

if CommandLine.arguments.contains("--search-only") {
    try benchSearchIndexes(items: argument("--items", 100_000), questions: argument("--questions", 100_000),
                           queries: argument("--queries", 2_000), runs: argument("--runs", 3))
    exit(0)
}
if CommandLine.arguments.contains("--nudge-memory-probe") {
    nudgeMemoryProbe(count: argument("--nudge-memory-probe", 1_000_000))
    exit(0)
}
if CommandLine.arguments.contains("--commits-only") {
    let directory = CommandLine.arguments.firstIndex(of: "--dir").map { CommandLine.arguments[$0 + 1] } ?? NSTemporaryDirectory()
    try runBlocking { try await benchCommitSuite(runs: argument("--runs", 3), directory: directory) }
    exit(0)
}
if CommandLine.arguments.contains("--snapshot-only") {
    try benchSnapshot(people: argument("--people", 100_000), nudges: argument("--nudges", 1_000_000), questions: argument("--questions", 200_000),
                      journal: argument("--journal", 1_000), producers: argument("--producers", 8), runs: argument("--runs", 3))
    exit(0)
}
if CommandLine.arguments.contains("--startup-only") {
    try benchStartup(people: argument("--people", 100_000), nudges: argument("--nudges", 1_000_000),
                     questions: argument("--questions", 200_000), journal: argument("--journal", 1_000), runs: argument("--runs", 3))
    exit(0)
}
if CommandLine.arguments.contains("--coach-only") {
    try benchCoach(users: argument("--users", 10_000), messages: argument("--messages", 200_000))
    exit(0)
}
if CommandLine.arguments.contains("--report-only") {
    try benchReport(people: argument("--people", 10_000))
    exit(0)
}
if CommandLine.arguments.contains("--nudges-only") {
    try benchNudges(count: argument("--nudges", 1_000_000))
try benchReport(people: argument("--people", 10_000))
    exit(0)
}
try benchCoach(users: argument("--users", 10_000), messages: argument("--messages", 200_000))
try benchSearchIndexes(items: argument("--items", 100_000), questions: argument("--questions", 100_000),
                       queries: argument("--queries", 2_000), runs: argument("--runs", 3))
try benchNudges(count: argument("--nudges", 1_000_000))
try benchReport(people: argument("--people", 10_000))
