// On-demand benchmarks of the pure core (not part of CI's pass/fail):
//   swift run -c release flowcoach-benchmarks [--items 100000] [--queries 1000] [--users 10000] [--messages 200000]
//       [--nudges 1000000] [--nudges-only] [--people 10000] [--report-only] [--coach-only]
// Prints coach throughput with many users in state, and knowledge search latency side by side
// with SQLite FTS5's bm25() (python3's sqlite3) on the same items and queries.
import FlowCoachContent
import FlowCoachCore
import Foundation

/// A small deterministic generator so every run measures the same data.
struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}

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

// MARK: search

func benchSearch(items count: Int, queries queryCount: Int) throws {
    var random = SplitMix64(state: 42)
    let vocabulary = (0..<20_000).map { "t\($0)x" }
    func word() -> String { vocabulary[Int(pow(random.unit(), 2.5) * Double(vocabulary.count))] }
    func words(_ n: Int) -> String { (0..<n).map { _ in word() }.joined(separator: " ") }
    var items: [KnowledgeItem] = []
    items.reserveCapacity(count)
    for index in 0..<count {
        items.append(KnowledgeItem(
            id: "k\(index)", title: words(4), kind: .tip, skills: [word()], tags: [word(), word()], summary: words(10), body: words(60)))
    }
    let queries = (0..<queryCount).map { index in words(1 + index % 3) }

    let clock = ContinuousClock()
    var index: KnowledgeIndex!
    let built = clock.measure { index = KnowledgeIndex(items) }
    var latencies: [Double] = []
    var hits = 0
    for query in queries {
        let elapsed = clock.measure { hits += index.search(query, limit: 10).count }
        latencies.append(Double(elapsed.components.attoseconds) / 1e12 + Double(elapsed.components.seconds) * 1e6)
    }
    print(String(format: "flowcoach BM25: %d items indexed in %.2f s; %d queries: p50 %.0f µs, p99 %.0f µs, max %.0f µs (%d hits)",
                 count, Double(built.components.seconds) + Double(built.components.attoseconds) / 1e18, queries.count,
                 percentile(latencies, 50), percentile(latencies, 99), latencies.max() ?? 0, hits))

    // The same items and queries through SQLite FTS5, timed inside python3.
    let directory = NSTemporaryDirectory() + "flowcoach-bench-\(getpid())"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let lines = items.map { [$0.id, $0.title, $0.tags.joined(separator: " ") + " " + $0.skills.joined(separator: " "), $0.summary, $0.body].joined(separator: "\t") }
    try lines.joined(separator: "\n").write(toFile: directory + "/items.tsv", atomically: true, encoding: .utf8)
    try queries.joined(separator: "\n").write(toFile: directory + "/queries.txt", atomically: true, encoding: .utf8)
    let python = Process()
    python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    python.arguments = ["python3", root + "/Benchmarks/fts5_search.py", directory + "/items.tsv", directory + "/queries.txt"]
    try python.run()
    python.waitUntilExit()
}

// MARK: similar questions

func benchSimilarQuestions(count: Int, lookups: Int) {
    var random = SplitMix64(state: 7)
    let vocabulary = (0..<20_000).map { "t\($0)x" }
    func words(_ n: Int) -> String { (0..<n).map { _ in vocabulary[Int(pow(random.unit(), 2.5) * Double(vocabulary.count))] }.joined(separator: " ") }
    var state = State()
    let now = Date(timeIntervalSince1970: 1_795_000_000)
    let clock = ContinuousClock()
    let loaded = clock.measure {
        for index in 0..<count {
            var question = PeerQuestion(id: "q\(index)", asker: "@u\(index % 500):b", askerName: "U", room: "!r", text: words(12), tags: [], askedAt: now, routedTo: [])
            state.apply(.put(PeerAnswer(id: "a\(index)", question: question.id, author: "@e:b", authorName: "E", text: words(30), at: now)))
            question.accepted = "a\(index)"
            state.apply(.put(question))
        }
    }
    var latencies: [Double] = []
    for _ in 0..<lookups {
        let text = words(8)
        let elapsed = clock.measure { _ = state.answeredIndex.search(text, limit: 3) }
        latencies.append(Double(elapsed.components.attoseconds) / 1e12 + Double(elapsed.components.seconds) * 1e6)
    }
    print(String(format: "similar questions: %d answered in state (indexed in %.1f s); %d lookups: p50 %.0f µs, p99 %.0f µs",
                 count, Double(loaded.components.seconds) + Double(loaded.components.attoseconds) / 1e18, lookups,
                 percentile(latencies, 50), percentile(latencies, 99)))
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
benchSimilarQuestions(count: argument("--questions", 100_000), lookups: 1_000)
try benchSearch(items: argument("--items", 100_000), queries: argument("--queries", 1_000))
try benchNudges(count: argument("--nudges", 1_000_000))
try benchReport(people: argument("--people", 10_000))
