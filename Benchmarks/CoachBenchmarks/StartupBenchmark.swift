import FlowCoachContent
import FlowCoachCore
import FlowCoachStore
import Foundation

/// A state directory the size of a large deployment: `people` people (a user record and a
/// profile each, one in five mid-dialog, a seen event each), `nudges` scheduled nudges,
/// `questions` answered peer questions (question and accepted answer), written as a snapshot
/// plus a journal of `journal` ordinary turns. Generated once into `directory` and reused while
/// its marker matches the sizes (delete the directory to generate it again).
func bigStateDirectory(people: Int, nudges: Int, questions: Int, journal: Int) throws -> String {
    let directory = NSTemporaryDirectory() + "flowcoach-bigstate-\(people)-\(nudges)-\(questions)-\(journal)"
    let marker = directory + "/.complete"
    if FileManager.default.fileExists(atPath: marker) { return directory }
    try? FileManager.default.removeItem(atPath: directory)
    let clock = ContinuousClock()
    let made = try clock.measure {
        let start = Date(timeIntervalSince1970: 1_795_000_000)
        var random = SplitMix64(seed: 19)
        let vocabulary = (0..<20_000).map { "w\($0)x" }
        func words(_ n: Int) -> String { (0..<n).map { _ in vocabulary[Int(pow(random.unit(), 2.5) * Double(vocabulary.count))] }.joined(separator: " ") }
        let store = try StateStore(directory: directory, snapshotEvery: Int.max)
        var batch: [Change] = []
        func flush() throws {
            if !batch.isEmpty { try store.commit(batch, at: start, durable: false) }
            batch = []
        }
        func add(_ change: Change) throws {
            batch.append(change)
            if batch.count == 50_000 { try flush() }
        }
        for index in 0..<people {
            let id = "@person\(index):example.org"
            try add(.put(UserRecord(id: id, displayName: "Person \(index)", firstSeen: start, lastSeen: start.addingTimeInterval(Double(index)))))
            var profile = Profile(id: id, role: index % 3 == 0 ? "manager" : "sales", shown: ["feedback-sbi", "delegation-levels"], lastShown: "delegation-levels")
            profile.room = "!dm\(index):example.org"
            profile.nudgePlan = "plan-1"
            profile.timeZone = "Europe/Berlin"
            try add(.put(profile))
            try add(.put(SeenEvent(id: "$event\(index)", at: start.addingTimeInterval(Double(index)))))
            if index % 5 == 0 {
                try add(.put(Conversation(id: id, dialogID: "feedback", stepID: "situation", slots: ["who": "Priya", "when": "Monday"],
                                          room: "!dm\(index):example.org", startedAt: start, updatedAt: start)))
            }
        }
        for index in 0..<nudges {
            let due = start.addingTimeInterval(60 + random.unit() * 30 * 86_400)
            try add(.put(ScheduledNudge(id: "n|nudge\(index / max(1, people))|@person\(index % max(1, people)):example.org", due: due, nominal: due, priority: 1)))
        }
        for index in 0..<questions {
            var question = PeerQuestion(id: "q\(index)", asker: "@person\(index % max(1, people)):example.org", askerName: "Person", room: "!dm:example.org",
                                        text: words(12), tags: ["negotiation"], askedAt: start, routedTo: ["@expert:example.org"])
            question.accepted = "a\(index)"
            try add(.put(PeerAnswer(id: "a\(index)", question: question.id, author: "@expert:example.org", authorName: "Expert", text: words(30), at: start)))
            try add(.put(question))
        }
        try flush()
        try store.snapshot(at: start)
        // Then ordinary turns, one record each, as the journal holds them between snapshots.
        for index in 0..<journal {
            let person = "@person\(index % max(1, people)):example.org"
            let at = start.addingTimeInterval(Double(index))
            try store.commit([
                .put(SeenEvent(id: "$turn\(index)", at: at)),
                .put(UserRecord(id: person, displayName: "Person", firstSeen: start, lastSeen: at)),
                .put(Outbound(id: "reply\(index)", room: "!dm:example.org", text: "Noted. What happened next?")),
            ], at: at, durable: false)
        }
        store.close()
        try Data().write(to: URL(fileURLWithPath: marker))
    }
    print(String(format: "startup: generated %@ in %.1f s", directory, seconds(made)))
    return directory
}

func fileSize(_ path: String) -> Int {
    (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
}

/// Start-up of a large deployment: opening the store (read, decode, derived indexes, journal
/// replay) and building the coach, `runs` times; prints each and the median.
func benchStartup(people: Int, nudges: Int, questions: Int, journal: Int, runs: Int) throws {
    let directory = try bigStateDirectory(people: people, nudges: nudges, questions: questions, journal: journal)
    let content = try ContentLoader.load(root: root)
    let clock = ContinuousClock()
    var opens: [Double] = [], coaches: [Double] = [], totals: [Double] = []
    for _ in 0..<runs {
        var store: StateStore?
        let cpuBefore = processCPUSeconds()
        let opened = try clock.measure { store = try StateStore(directory: directory, snapshotEvery: Int.max) }
        let cpu = processCPUSeconds() - cpuBefore
        var coach: Coach?
        var wake: Date?
        let built = clock.measure {
            coach = Coach(content: content)
            wake = coach?.nextWake(store!.state)
        }
        opens.append(seconds(opened))
        coaches.append(seconds(built))
        totals.append(seconds(opened) + seconds(built))
        let state = store!.state
        print(String(format: "startup: resident memory %.0f MiB with the state loaded", Double(residentBytes()) / 1_048_576))
        print(String(format: "startup: open %.2f s, %.2f s of CPU (users %d, scheduled %d, queue %d, answered index %d, seq %llu) + coach and next wake %.2f s%@",
                     seconds(opened), cpu, state.users.count, state.scheduled.count, state.dueQueue.count, state.answeredIndex.count, store!.seq,
                     seconds(built), wake == nil ? " (nothing due)" : ""))
        store?.close()
    }
    // The share of the answered-questions index (built by State while decoding): built again alone.
    let state = try StateStore.read(directory: directory)
    var index = TextIndex()
    let indexed = clock.measure {
        for question in state.questions.values {
            guard let accepted = question.accepted, !question.hidden, state.answers[accepted]?.hidden != true else { continue }
            index.put(question.id, [(question.text, 2), (question.tags.joined(separator: " "), 2), (state.answers[accepted]?.text ?? "", 1)])
        }
    }
    let bytes = fileSize(directory + "/snapshot.json")
    let read = clock.measure { _ = FileManager.default.contents(atPath: directory + "/snapshot.json") }
    print(String(format: "startup: of which reading the snapshot file %.2f s, the answered-questions index (%d) %.2f s", seconds(read), index.count, seconds(indexed)))
    print(String(format: "startup: median %.2f s (open %.2f s, coach %.2f s) over %d runs; snapshot %.0f MiB, journal %.1f MiB",
                 percentile(totals, 50), percentile(opens, 50), percentile(coaches, 50), runs,
                 Double(bytes) / 1_048_576, Double(fileSize(directory + "/journal.jsonl")) / 1_048_576))
}

/// CPU time this process has used, all threads (the wall clock also counts waiting for a core
/// on a shared machine).
func processCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}
