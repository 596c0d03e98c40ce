import FlowCoachCore
import Foundation

// Search benchmarks: the knowledge index and the similar-question lookup over a large synthetic
// corpus, with a fixed seed, a warm-up, several runs and a realistic query mix. Run alone with
//   flowcoach-benchmarks --search-only [--items 100000] [--questions 100000] [--queries 2000] [--runs 3]
//       [--dump FILE] [--no-fts] [--slowest] [--each-run]
// `--dump FILE` writes every query's results (ids and scores) so two builds can be compared;
// `--slowest` lists the slowest queries of the last run, `--each-run` each run's figures. Times
// are wall clock and this thread's CPU time: the machine may be shared, which stretches the first.

/// Text that looks like what people write: a Zipf-like vocabulary of made-up words (some with
/// suffixes the stemmer folds), stop words, capitals, punctuation and now and then a word with
/// typographic quotes or accents (which takes the tokenizer's Unicode path).
struct CorpusGenerator {
    var random: SplitMix64
    let vocabulary: [String]
    static let stopWords = ["the", "a", "to", "and", "of", "in", "how", "do", "i", "my", "with", "for", "is", "it", "what", "when", "can", "we", "our", "your", "that", "this", "on", "be"]
    static let unusual = ["don’t", "team’s", "café", "naïve", "résumé", "“quick”", "it’s", "coöperate", "—", "Zürich"]

    init(seed: UInt64, vocabularySize: Int = 20_000) {
        random = SplitMix64(seed: seed)
        let syllables = ["ba", "ke", "mi", "to", "ru", "sa", "le", "no", "pi", "da", "ve", "go", "fu", "ri", "ta", "mo", "ne", "shi", "la", "po", "dre", "qua", "zo", "ki", "be", "tra", "cu", "fe", "gri", "lo"]
        let suffixes = ["", "", "", "", "s", "ing", "ed", "ation", "ates", "ies"]
        var words: [String] = []
        var seen = Set<String>()
        var generator = SplitMix64(seed: seed ^ 0xABCD)
        var index = 0
        while words.count < vocabularySize {
            var n = index
            var word = ""
            repeat {
                word += syllables[n % syllables.count]
                n /= syllables.count
            } while n > 0
            if word.count < 4 { word += "n" }
            word += suffixes[Int(generator.next() % UInt64(suffixes.count))]
            if seen.insert(word).inserted { words.append(word) }
            index += 1
        }
        vocabulary = words
    }

    /// A word by Zipf-like popularity: low ranks are very common, the tail is rare.
    mutating func word() -> String { vocabulary[Int(pow(random.unit(), 2.5) * Double(vocabulary.count))] }
    /// A word from the rare half of the vocabulary.
    mutating func rareWord() -> String { vocabulary[vocabulary.count / 2 + Int(random.next() % UInt64(vocabulary.count / 2))] }

    /// `n` content words with stop words between them, a capital first letter and punctuation.
    mutating func sentence(_ n: Int, ending: String = ".") -> String {
        var parts: [String] = []
        for index in 0..<n {
            if random.unit() < 0.3 { parts.append(Self.stopWords[Int(random.next() % UInt64(Self.stopWords.count))]) }
            var word = random.unit() < 0.01 ? Self.unusual[Int(random.next() % UInt64(Self.unusual.count))] : word()
            if index > 0, index % 7 == 0 { word += "," }
            parts.append(word)
        }
        var text = parts.joined(separator: " ")
        if let first = text.first { text = first.uppercased() + text.dropFirst() }
        return text + ending
    }

    /// The query mix: 1–8 words; common words, questions with stop words, a rare term among
    /// common ones, a few long all-common queries, and some that match nothing.
    mutating func query() -> String {
        let kind = random.unit()
        let length = 1 + Int(random.next() % 8)
        if kind < 0.35 {  // plain keywords, mostly short
            return (0..<max(1, length / 2)).map { _ in word() }.joined(separator: " ")
        } else if kind < 0.65 {  // a question as people type it
            return "How do I " + sentence(max(1, length - 3), ending: "?").lowercased()
        } else if kind < 0.80 {  // one rare term among common ones
            var words = (0..<(length - 1)).map { _ in word() }
            words.insert(rareWord(), at: Int(random.next() % UInt64(words.count + 1)))
            return words.joined(separator: " ")
        } else if kind < 0.90 {  // long and common: the heaviest lists
            return (0..<8).map { _ in vocabulary[Int(pow(random.unit(), 4) * 200)] }.joined(separator: " ")
        } else if kind < 0.95 {  // unknown words
            return (0..<length).map { _ in "zq\(random.next() % 10_000)w" }.joined(separator: " ")
        } else {  // stop words only
            return (0..<length).map { _ in Self.stopWords[Int(random.next() % UInt64(Self.stopWords.count))] }.joined(separator: " ")
        }
    }
}

struct LatencySummary {
    var p50: Double
    var p90: Double
    var p99: Double
    var max: Double

    init(_ microseconds: [Double]) {
        p50 = percentile(microseconds, 50)
        p90 = percentile(microseconds, 90)
        p99 = percentile(microseconds, 99)
        max = microseconds.max() ?? 0
    }

    var text: String { String(format: "p50 %.0f µs, p90 %.0f µs, p99 %.0f µs, max %.0f µs", p50, p90, p99, max) }
}

func median(_ values: [Double]) -> Double { percentile(values, 50) }

/// CPU time this thread has used, in seconds: unlike the wall clock, not stretched while other
/// processes have the cores (the machine is shared), so both are printed.
func threadCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// Wall-clock and CPU seconds of `body`.
func timed(_ body: () -> Void) -> (wall: Double, cpu: Double) {
    let clock = ContinuousClock()
    let cpu = threadCPUSeconds()
    let wall = clock.measure(body)
    return (seconds(wall), threadCPUSeconds() - cpu)
}

struct QueryMeasurement {
    var wall: [LatencySummary] = []
    var cpu: [LatencySummary] = []
    var hits = 0

    static func medians(_ summaries: [LatencySummary]) -> LatencySummary {
        var middle = summaries[0]
        middle.p50 = median(summaries.map(\.p50))
        middle.p90 = median(summaries.map(\.p90))
        middle.p99 = median(summaries.map(\.p99))
        middle.max = median(summaries.map(\.max))
        return middle
    }
}

/// Times `queries` through `run` `runs` times after a warm-up (wall clock and thread CPU time per query).
func measureQueries(_ queries: [String], runs: Int, _ run: (String) -> Int) -> QueryMeasurement {
    var measurement = QueryMeasurement()
    for query in queries.prefix(200) { measurement.hits &+= run(query) }  // warm-up
    for _ in 0..<runs {
        measurement.hits = 0
        var walls: [Double] = []
        var cpus: [Double] = []
        walls.reserveCapacity(queries.count)
        cpus.reserveCapacity(queries.count)
        for query in queries {
            var found = 0
            let time = timed { found = run(query) }
            measurement.hits += found
            walls.append(time.wall * 1e6)
            cpus.append(time.cpu * 1e6)
        }
        measurement.wall.append(LatencySummary(walls))
        measurement.cpu.append(LatencySummary(cpus))
        if CommandLine.arguments.contains("--slowest"), measurement.wall.count == runs {
            for (latency, query) in zip(walls, queries).sorted(by: { $0.0 > $1.0 }).prefix(8) {
                print(String(format: "    slow: %6.0f µs  %@", latency, query))
            }
        }
    }
    return measurement
}

func printLatencies(_ label: String, _ result: QueryMeasurement, queries: Int) {
    print("\(label): \(queries) queries × \(result.wall.count) runs (\(result.hits) hits per run), median of runs:")
    print("    wall \(QueryMeasurement.medians(result.wall).text)")
    print("    cpu  \(QueryMeasurement.medians(result.cpu).text)")
    if CommandLine.arguments.contains("--each-run") {
        for (index, run) in result.wall.enumerated() { print("    run \(index + 1) wall: \(run.text)") }
    }
}

/// "0.61, 0.58, 0.60 s (median 0.60 s)" for wall-clock and CPU times.
func describe(_ times: [(wall: Double, cpu: Double)]) -> String {
    func list(_ values: [Double]) -> String { values.map { String(format: "%.2f", $0) }.joined(separator: ", ") }
    return String(format: "wall %@ s (median %.2f s), cpu %@ s (median %.2f s)",
                  list(times.map(\.wall)), median(times.map(\.wall)), list(times.map(\.cpu)), median(times.map(\.cpu)))
}

/// An order-sensitive digest of result lists, to compare builds.
struct ResultDigest {
    var value: UInt64 = 0xCBF2_9CE4_8422_2325
    var lines: [String] = []
    let keepLines: Bool

    mutating func add(_ query: String, _ results: [(String, Double)]) {
        for byte in query.utf8 { value = (value ^ UInt64(byte)) &* 0x100_0000_01B3 }
        for (id, score) in results {
            for byte in id.utf8 { value = (value ^ UInt64(byte)) &* 0x100_0000_01B3 }
            value = (value ^ UInt64(bitPattern: Int64((score * 1e6).rounded()))) &* 0x100_0000_01B3
        }
        if keepLines { lines.append(query + "\t" + results.map { "\($0.0):" + String(format: "%.9f", $0.1) }.joined(separator: " ")) }
    }
}

func benchSearchIndexes(items itemCount: Int, questions questionCount: Int, queries queryCount: Int, runs: Int) throws {
    let dumpPath: String? = CommandLine.arguments.firstIndex(of: "--dump").flatMap { $0 + 1 < CommandLine.arguments.count ? CommandLine.arguments[$0 + 1] : nil }
    var queryGenerator = CorpusGenerator(seed: 99)
    let queries = (0..<queryCount).map { _ in queryGenerator.query() }
    var digest = ResultDigest(keepLines: dumpPath != nil)

    // Knowledge: items shaped like job aids (title, skills, tags, summary, body).
    var generator = CorpusGenerator(seed: 42)
    var items: [KnowledgeItem] = []
    items.reserveCapacity(itemCount)
    for index in 0..<itemCount {
        items.append(KnowledgeItem(
            id: "k\(index)", title: generator.sentence(4, ending: ""), kind: .tip, skills: [generator.word()],
            tags: [generator.word(), generator.word()], summary: generator.sentence(10), body: generator.sentence(30) + " " + generator.sentence(30)))
    }
    var index: KnowledgeIndex!
    var builds: [(wall: Double, cpu: Double)] = []
    let before = residentBytes()
    for _ in 0..<runs {
        index = nil
        builds.append(timed { index = KnowledgeIndex(items) })
    }
    let memory = residentBytes() - before
    print(String(format: "knowledge index: %d items built in %@; RSS +%.0f MiB after the builds",
                 itemCount, describe(builds), Double(memory) / 1_048_576))
    printLatencies("knowledge search (limit 10)", measureQueries(queries, runs: runs) { index.search($0, limit: 10).count }, queries: queries.count)
    // As the recommender asks: 50 candidates among the items a filter accepts (about half).
    printLatencies("knowledge search (limit 50, filtered)", measureQueries(queries, runs: runs) { index.search($0, limit: 50, include: { $0 % 2 == 0 }).count }, queries: queries.count)
    for query in queries {
        digest.add(query, index.search(query, limit: 10).map { (items[$0.index].id, $0.score) })
        digest.add(query, index.search(query, limit: 50, include: { $0 % 3 != 1 }).map { (items[$0.index].id, $0.score) })
    }
    index = nil

    // Similar questions: answered questions (question, tags, accepted answer) in the state.
    generator = CorpusGenerator(seed: 7)
    let now = Date(timeIntervalSince1970: 1_795_000_000)
    var documents: [(id: String, question: String, tags: String, answer: String)] = []
    documents.reserveCapacity(questionCount)
    for number in 0..<questionCount {
        let tags = number % 4 == 0 ? [generator.word()] : []
        documents.append(("q\(number)", generator.sentence(8 + Int(generator.random.next() % 9), ending: "?"), tags.joined(separator: " "),
                          generator.sentence(15 + Int(generator.random.next() % 30))))
    }
    var textIndex = TextIndex()
    var puts: [(wall: Double, cpu: Double)] = []
    for _ in 0..<runs {
        textIndex = TextIndex()
        puts.append(timed {
            for document in documents { textIndex.put(document.id, [(document.question, 2), (document.tags, 2), (document.answer, 1)]) }
        })
    }
    print("similar questions: \(questionCount) answered indexed (as on load) in \(describe(puts))")
    var state = State()
    let applied = timed {
        for (number, document) in documents.enumerated() {
            var question = PeerQuestion(id: document.id, asker: "@u\(number % 500):b", askerName: "U", room: "!r", text: document.question,
                                        tags: document.tags.isEmpty ? [] : [document.tags], askedAt: now, routedTo: [])
            state.apply(.put(PeerAnswer(id: "a\(number)", question: question.id, author: "@e:b", authorName: "E", text: document.answer, at: now)))
            question.accepted = "a\(number)"
            state.apply(.put(question))
        }
    }
    print(String(format: "similar questions: applying %d answers and answered questions to the state (tables and index) took wall %.2f s, cpu %.2f s",
                 questionCount, applied.wall, applied.cpu))
    // The first change to an answered question while a copy of the state is held (as while a
    // snapshot is written) copies what the index shares with the copy.
    do {
        let held = state
        var question = PeerQuestion(id: "q-extra", asker: "@u:b", askerName: "U", room: "!r", text: documents[0].question, tags: [], askedAt: now, routedTo: [])
        let copied = timed {
            state.apply(.put(PeerAnswer(id: "a-extra", question: question.id, author: "@e:b", authorName: "E", text: documents[0].answer, at: now)))
            question.accepted = "a-extra"
            state.apply(.put(question))
        }
        let again = timed { state.apply(.put(question)) }
        let heldIndex = textIndex
        let indexCopied = timed { textIndex.put("q-extra", [(documents[0].question, 2), ("", 2), (documents[0].answer, 1)]) }
        print(String(format: "similar questions: one answered question while a copy is held (as during a snapshot): the state %.1f ms (the next %.2f ms), the index alone %.1f ms",
                     copied.wall * 1000, again.wall * 1000, indexCopied.wall * 1000))
        withExtendedLifetime((held, heldIndex)) {}
    }
    printLatencies("similar questions (limit 3)", measureQueries(queries, runs: runs) { state.answeredIndex.search($0, limit: 3).count }, queries: queries.count)
    // Churn: replace and remove some, then look up again (the index must stay fast and right).
    let churned = timed {
        for number in stride(from: 0, to: questionCount, by: 10) {
            let document = documents[number]
            if number % 20 == 0 { textIndex.remove(document.id) } else { textIndex.put(document.id, [(document.answer, 2), ("", 2), (document.question, 1)]) }
        }
    }
    print(String(format: "similar questions: %d removals and replacements in %.0f ms (cpu %.0f ms)", questionCount / 10, churned.wall * 1000, churned.cpu * 1000))
    printLatencies("similar questions after churn (limit 3)", measureQueries(queries, runs: runs) { textIndex.search($0, limit: 3).count }, queries: queries.count)
    for query in queries {
        digest.add(query, state.answeredIndex.search(query, limit: 5).map { ($0.id, $0.score) })
        digest.add(query, textIndex.search(query, limit: 3).map { ($0.id, $0.score) })
    }
    print(String(format: "search results digest: %016llx", digest.value))
    if let dumpPath { try digest.lines.joined(separator: "\n").write(toFile: dumpPath, atomically: true, encoding: .utf8) }

    if !CommandLine.arguments.contains("--no-fts") { try compareWithFTS5(items: items, queries: queries) }
}

/// The same items and queries (their words only) through SQLite FTS5's bm25(), timed inside python3.
func compareWithFTS5(items: [KnowledgeItem], queries: [String]) throws {
    let directory = NSTemporaryDirectory() + "flowcoach-search-\(getpid())"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    func words(_ text: String) -> String {
        text.split { !($0.isLetter || $0.isNumber) }.joined(separator: " ")
    }
    let lines = items.map { [$0.id, words($0.title), words(($0.tags + $0.skills).joined(separator: " ")), words($0.summary), words($0.body)].joined(separator: "\t") }
    try lines.joined(separator: "\n").write(toFile: directory + "/items.tsv", atomically: true, encoding: .utf8)
    try queries.map(words).joined(separator: "\n").write(toFile: directory + "/queries.txt", atomically: true, encoding: .utf8)
    let python = Process()
    python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    python.arguments = ["python3", root + "/Benchmarks/fts5_search.py", directory + "/items.tsv", directory + "/queries.txt"]
    try python.run()
    python.waitUntilExit()
}
