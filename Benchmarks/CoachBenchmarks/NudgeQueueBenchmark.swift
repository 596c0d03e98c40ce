import FlowCoachCore
import FlowCoachStore
import Foundation

/// Resident memory of this process, in bytes (from /proc/self/statm).
func residentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    return (fields.count > 1 ? Int(fields[1]) ?? 0 : 0) * Int(sysconf(Int32(_SC_PAGESIZE)))
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// Builds the benchmark's state of `count` scheduled nudges; returns it and the time spent in `State.apply`.
func scheduledState(count: Int) -> (State, Duration) {
    var random = SplitMix64(seed: 11)
    let start = Date(timeIntervalSince1970: 1_795_000_000)
    let users = max(1, count / 10)
    let clock = ContinuousClock()
    var state = State()
    // Applied in batches of 10,000, as turns apply them: the resident memory then measures the
    // state, not a million changes waiting to be applied.
    var inserted = Duration.zero
    for batch in stride(from: 0, to: count, by: 10_000) {
        var changes: [Change] = []
        changes.reserveCapacity(10_000)
        for index in batch..<min(count, batch + 10_000) {
            let user = "@u\(index % users):bench"
            let due = start.addingTimeInterval(60 + random.unit() * 30 * 86_400)
            changes.append(.put(ScheduledNudge(id: "n|nudge\(index / users)|\(user)", due: due, nominal: due, priority: 1)))
        }
        inserted += clock.measure { state.apply(changes) }
    }
    return (state, inserted)
}

/// `--nudge-memory-probe N`, run as a process of its own: resident memory before and after
/// building the state of N scheduled nudges. A fresh process, because memory freed by earlier
/// benchmarks stays resident (malloc keeps it), so a measurement after them reads ~0 per entry.
func nudgeMemoryProbe(count: Int) {
    let before = residentBytes()
    let (state, _) = scheduledState(count: count)
    let after = residentBytes()
    print("\(before) \(after) \(state.scheduled.count)")
}

/// Runs the probe in a child process; returns resident bytes before and after.
func probeNudgeMemory(count: Int) throws -> (before: Int, after: Int) {
    let probe = Process()
    probe.executableURL = URL(fileURLWithPath: "/proc/self/exe")
    probe.arguments = ["--nudge-memory-probe", "\(count)"]
    let output = Pipe()
    probe.standardOutput = output
    try probe.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    probe.waitUntilExit()
    let fields = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
    guard fields.count == 3, fields[2] == count else { return (0, 0) }
    return (fields[0], fields[1])
}

/// With `count` scheduled nudges in state: the cost of scheduling one (State.apply: the entity
/// plus its heap entry), of popping the earliest from the heap, of the coach sending due ones,
/// resident memory per entry (in a process of its own), and how long the store takes to load
/// the state at start-up.
func benchNudges(count: Int) throws {
    let start = Date(timeIntervalSince1970: 1_795_000_000)
    let clock = ContinuousClock()
    let (state, inserted) = scheduledState(count: count)
    let (before, after) = try probeNudgeMemory(count: count)
    print(String(format: "nudges: %d scheduled; insert %.2f µs each (entity + heap); memory %.0f bytes per entry (RSS %.0f MiB → %.0f MiB, in a fresh process)",
                 count, seconds(inserted) / Double(count) * 1e6, Double(after - before) / Double(count),
                 Double(before) / 1_048_576, Double(after) / 1_048_576))

    var queue = state.dueQueue
    let pops = min(count, 100_000)
    var last = Date.distantPast
    var ordered = true
    let popped = clock.measure {
        for _ in 0..<pops {
            guard let top = queue.pop() else { break }
            if top.due < last { ordered = false }
            last = top.due
        }
    }
    print(String(format: "nudges: pop %.2f µs each over %d pops from %d (%@)", seconds(popped) / Double(pops) * 1e6, pops, count, ordered ? "in due order" : "OUT OF ORDER"))

    // The store: snapshot the state, then time a cold open (read, decode, rebuild the heap).
    let directory = NSTemporaryDirectory() + "flowcoach-nudges-\(getpid())"
    try? FileManager.default.removeItem(atPath: directory)
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    do {
        let store = try StateStore(directory: directory)
        try store.commit(state.scheduled.values.prefix(1).map { .put($0) }, at: start)
        // Bring the store's state to the benchmark's by committing in large batches without fsync.
        var batch: [Change] = []
        for entry in state.scheduled.values {
            batch.append(.put(entry))
            if batch.count == 100_000 {
                try store.commit(batch, at: start, durable: false)
                batch = []
            }
        }
        try store.commit(batch, at: start, durable: false)
        try store.snapshot(at: start)
        store.close()
    }
    let size = (try? FileManager.default.attributesOfItem(atPath: directory + "/snapshot.json")[.size] as? Int) ?? 0
    struct Wrapper: Decodable { var state: State }
    let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/snapshot.json"))
    let decodeOnly = clock.measure { _ = try? JSONDecoder().decode(Wrapper.self, from: data) }
    struct Skeleton: Decodable { var seq: Int }
    let parseOnly = clock.measure { _ = try? JSONDecoder().decode(Skeleton.self, from: data) }
    print(String(format: "nudges: decoding the snapshot alone takes %.2f s (of which JSON parsing %.2f s)", seconds(decodeOnly), seconds(parseOnly)))
    var loaded: StateStore?
    let load = clock.measure { loaded = try? StateStore(directory: directory) }
    print(String(format: "nudges: state with %d scheduled loads in %.2f s (snapshot %.0f MiB, queue %d)",
                 loaded?.state.scheduled.count ?? 0, seconds(load), Double(size) / 1_048_576, loaded?.state.dueQueue.count ?? 0))
    loaded?.close()
}
