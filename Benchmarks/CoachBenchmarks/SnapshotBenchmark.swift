import FlowCoachCore
import FlowCoachStore
import Foundation

/// Snapshots of the large state of `benchStartup`: the time to write one inline (what blocked
/// every reply before), the same state through Foundation's `JSONEncoder` for comparison, and a
/// snapshot written in the background while `producers` people keep writing: how long it took,
/// and the longest any of their replies waited (commit plus fsync) meanwhile, including the
/// turn that starts the new journal. `--with-foundation` also times Foundation's encoder (slow,
/// several GiB of memory); `--inline-only` skips the background part (for profiling). The CPU
/// time of the process is given beside the wall clock: the machine is shared.
func benchSnapshot(people: Int, nudges: Int, questions: Int, journal: Int, producers: Int, runs: Int) throws {
    let source = try bigStateDirectory(people: people, nudges: nudges, questions: questions, journal: journal)
    let clock = ContinuousClock()
    var inline: [Double] = [], inlineCPU: [Double] = [], background: [Double] = [], backgroundCPU: [Double] = []
    var stalls: [Double] = [], p99s: [Double] = []
    for run in 0..<runs {
        let directory = NSTemporaryDirectory() + "flowcoach-snapshot-bench-\(getpid())-\(run)"
        try? FileManager.default.removeItem(atPath: directory)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for file in ["snapshot.json", "journal.jsonl"] {
            try FileManager.default.copyItem(atPath: source + "/" + file, toPath: directory + "/" + file)
        }
        // The journal holds `journal` records: the next commit reaches the bound and starts a snapshot.
        let store = try StateStore(directory: directory, snapshotEvery: journal + 1)
        if run == 0, CommandLine.arguments.contains("--with-foundation") {
            struct Whole: Encodable { var format = "flowcoach-snapshot", version = 2, seq: UInt64, at: Date, state: State }
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .iso8601
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            var size = 0
            let foundation = try clock.measure { size = try encoder.encode(Whole(seq: store.seq, at: Date(), state: store.state)).count }
            print(String(format: "snapshot: Foundation JSONEncoder alone takes %.2f s for %.0f MiB (before)", seconds(foundation), Double(size) / 1_048_576))
        }
        let cpuBefore = processCPUSeconds()
        let written = try clock.measure { try store.snapshot(at: Date(timeIntervalSince1970: 1_795_000_000)) }
        inline.append(seconds(written))
        inlineCPU.append(processCPUSeconds() - cpuBefore)
        store.close()
        if CommandLine.arguments.contains("--inline-only") {
            print(String(format: "snapshot: inline %.2f s (CPU %.2f s)", seconds(written), inlineCPU.last!))
            continue
        }

        // Again from the same files, the snapshot now in the background while people write.
        try FileManager.default.removeItem(atPath: directory + "/snapshot.json")
        try FileManager.default.removeItem(atPath: directory + "/journal.jsonl")
        for file in ["snapshot.json", "journal.jsonl"] {
            try FileManager.default.copyItem(atPath: source + "/" + file, toPath: directory + "/" + file)
        }
        let reopened = try StateStore(directory: directory, snapshotEvery: journal + 1)
        reopened.snapshotsInBackground = true
        let writer = CommitWriter(store: reopened, coach: nil, fsyncEach: false)
        let (latencies, took, tookCPU) = try runBlockingReturning { () async throws -> ([Double], Double, Double) in
            try await withThrowingTaskGroup(of: [Double].self) { group in
                let finished = SnapshotFlag()
                for producer in 0..<producers {
                    group.addTask {
                        var latencies: [Double] = []
                        var index = 0
                        let person = Person(id: "@person\(producer):example.org", displayName: "P\(producer)")
                        // Until the snapshot is written and its new journal started, then a little more.
                        while !finished.isSet || index < 50 {
                            let sent = clock.now
                            _ = try await writer.handle(Inbound(eventID: "$s\(run)-\(producer)-\(index)", sender: person, room: "!dm", text: "3"),
                                                        at: Date(timeIntervalSince1970: 1_795_000_000 + Double(index)))
                            latencies.append(seconds(clock.now - sent) * 1000)
                            index += 1
                            if producer == 0, !finished.isSet, await writer.snapshotFinished() { finished.set() }
                        }
                        return latencies
                    }
                }
                var all: [Double] = []
                for try await part in group { all += part }
                print("snapshot: longest commit \(String(format: "%.1f", await writer.longestCommit)) ms; \(await writer.snapshotCommits.joined(separator: ", "))")
                return (all, await writer.lastSnapshotSeconds(), await writer.lastSnapshotCPU())
            }
        }
        runBlockingVoid { await writer.close() }
        background.append(took)
        backgroundCPU.append(tookCPU)
        stalls.append(latencies.max() ?? 0)
        p99s.append(percentile(latencies, 99))
        print(String(format: "snapshot: inline %.2f s (CPU %.2f s); in the background %.2f s (CPU %.2f s) while %d people wrote %d events: reply wait p50 %.1f ms, p99 %.1f ms, max %.1f ms",
                     seconds(written), inlineCPU.last!, took, tookCPU, producers, latencies.count, percentile(latencies, 50), percentile(latencies, 99), latencies.max() ?? 0))
    }
    if background.isEmpty {
        return print(String(format: "snapshot: median inline %.2f s (CPU %.2f s) over %d runs", percentile(inline, 50), percentile(inlineCPU, 50), runs))
    }
    print(String(format: "snapshot: median inline %.2f s (CPU %.2f s), background %.2f s (CPU %.2f s), longest reply wait %.1f ms (p99 %.1f ms) over %d runs; snapshot %.0f MiB",
                 percentile(inline, 50), percentile(inlineCPU, 50), percentile(background, 50), percentile(backgroundCPU, 50), percentile(stalls, 50), percentile(p99s, 50), runs,
                 Double(fileSize(source + "/snapshot.json")) / 1_048_576))
}

extension CommitWriter {
    /// True once a snapshot started in the background was written and its journal begun.
    func snapshotFinished() -> Bool { store.lastBackgroundSnapshot != nil }
    func lastSnapshotSeconds() -> Double { store.lastBackgroundSnapshot.map(seconds) ?? 0 }
    /// The CPU time of the threads that encoded and wrote it.
    func lastSnapshotCPU() -> Double { store.lastBackgroundSnapshotCPU.map(seconds) ?? 0 }
}

final class SnapshotFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
    func set() {
        lock.lock()
        value = true
        lock.unlock()
    }
}

final class BlockingOutcome<T>: @unchecked Sendable { var result: Result<T, any Error>? }

func runBlockingReturning<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let outcome = BlockingOutcome<T>()
    let done = DispatchSemaphore(value: 0)
    Task {
        do { outcome.result = .success(try await body()) } catch { outcome.result = .failure(error) }
        done.signal()
    }
    done.wait()
    return try outcome.result!.get()
}

func runBlockingVoid(_ body: @escaping @Sendable () async -> Void) {
    let done = DispatchSemaphore(value: 0)
    Task {
        await body()
        done.signal()
    }
    done.wait()
}
