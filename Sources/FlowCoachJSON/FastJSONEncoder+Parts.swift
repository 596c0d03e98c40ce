import Foundation
import Synchronization

extension FastJSONEncoder {
    /// `value`'s JSON as pieces to write one after another. The members of the objects `depth`
    /// containers down (a snapshot's collections: 1) are each encoded into a buffer of their own
    /// by whichever of `helpers` threads is free, while the caller encodes the rest around them
    /// and then helps; `value` is a value, so its parts can be read from several threads. The
    /// helpers run at a lower priority if `yielding`. Also returns the CPU time they used.
    package static func encodeInParts<T: Encodable & Sendable>(_ value: T, splittingAt depth: Int, helpers: Int, yielding: Bool = false) throws
        -> (pieces: [[UInt8]], helperCPU: Duration)
    {
        precondition(depth >= 0 && depth <= 1, "parts are members near the top")
        let runner = PartRunner(helpers: helpers, yielding: yielding)
        let encoder = FastJSONEncoder()
        encoder.parts = (depth, runner)
        let outcome = Result { try encoder.encodeValue(value) }
        let (parts, helperCPU) = try runner.finish()
        try outcome.get()
        return (assemble(encoder.bytes, parts), helperCPU)
    }

    /// A member of an object near the top (see `shallowDepth`): handed to a part, or written
    /// here, a dictionary in key order straight away.
    func encodeMember<T: Encodable>(_ value: T, depth: Int) throws {
        guard let parts, parts.depth == depth else { return try encodeTop(value) }
        let index = parts.runner.add(PartJob { encoder in try encoder.encodeTop(value) })
        // A placeholder: a zero byte (never in the JSON written, where control characters are
        // escaped) and the part's number.
        bytes.append(0)
        withUnsafeBytes(of: UInt32(index).littleEndian) { bytes.append(contentsOf: $0) }
    }

    func encodeTop<T: Encodable>(_ value: T) throws {
        if let dictionary = value as? any KeyOrderedDictionary { return try dictionary.encodeInKeyOrder(into: self) }
        try encodeValue(value)
    }

    /// The skeleton with each placeholder replaced by its part's bytes, as pieces.
    private static func assemble(_ skeleton: [UInt8], _ parts: [[UInt8]]) -> [[UInt8]] {
        var pieces: [[UInt8]] = []
        var start = 0, index = 0
        while index < skeleton.count {
            guard skeleton[index] == 0 else {
                index += 1
                continue
            }
            pieces.append(Array(skeleton[start..<index]))
            var part: UInt32 = 0
            withUnsafeMutableBytes(of: &part) { $0.copyBytes(from: skeleton[(index + 1)..<(index + 5)]) }
            pieces.append(parts[Int(UInt32(littleEndian: part))])
            index += 5
            start = index
        }
        pieces.append(Array(skeleton[start...]))
        return pieces.filter { !$0.isEmpty }
    }
}

/// A member's encoding handed to another thread. Unchecked: it holds a copy of a member of a
/// `Sendable` value (`encodeInParts`), which nothing changes, and is run once, on one thread.
struct PartJob: @unchecked Sendable {
    let encode: (FastJSONEncoder) throws -> Void
}

/// Runs the parts of one `encodeInParts` on helper threads of its own (made for the occasion:
/// a snapshot is rare) and, from `finish`, on the caller's.
final class PartRunner: Sendable {
    private struct Work {
        var jobs: [PartJob] = []
        var next = 0
        var closed = false
        var results: [[UInt8]] = []
        var failure: (any Error)?
        var helperCPU: Duration = .zero
    }

    private let work = Mutex(Work())
    private let available = DispatchSemaphore(value: 0)
    private let helperDone = DispatchSemaphore(value: 0)
    private let helpers: Int

    init(helpers: Int, yielding: Bool) {
        self.helpers = max(0, helpers)
        for number in 0..<self.helpers {
            let thread = Thread { [self] in
                if yielding { ThreadCPUClock.yieldToOthers() }
                let cpu = ThreadCPUClock()
                while true {
                    available.wait()
                    guard runNext() else { break }
                }
                work.withLock { $0.helperCPU += cpu.elapsed }
                helperDone.signal()
            }
            thread.name = "flowcoach-encode-\(number + 1)"
            thread.start()
        }
    }

    /// Queues a part; returns its number.
    func add(_ job: PartJob) -> Int {
        let index = work.withLock { work in
            work.jobs.append(job)
            work.results.append([])
            return work.jobs.count - 1
        }
        available.signal()
        return index
    }

    /// Runs what is left on the caller's thread too, waits for the helpers, and returns every
    /// part's bytes, or throws the first error a part met.
    func finish() throws -> (parts: [[UInt8]], helperCPU: Duration) {
        work.withLock { $0.closed = true }
        for _ in 0..<helpers { available.signal() }
        while runNext() {}
        for _ in 0..<helpers { helperDone.wait() }
        return try work.withLock { work in
            if let failure = work.failure { throw failure }
            return (work.results, work.helperCPU)
        }
    }

    /// Runs the next part queued; false once none is left and none will come.
    private func runNext() -> Bool {
        let taken = work.withLock { work -> (Int, PartJob)? in
            guard work.next < work.jobs.count else { return nil }
            work.next += 1
            return (work.next - 1, work.jobs[work.next - 1])
        }
        guard let (index, job) = taken else { return !work.withLock { $0.closed } }
        let encoder = FastJSONEncoder()
        encoder.shallowDepth = -1
        do {
            try job.encode(encoder)
            let bytes = encoder.bytes
            work.withLock { $0.results[index] = bytes }
        } catch {
            work.withLock { $0.failure = $0.failure ?? error }
        }
        return true
    }
}

/// A dictionary keyed by strings (a collection), written with its keys in order as it is read,
/// instead of through a keyed container whose thousands of members are sorted and moved after.
protocol KeyOrderedDictionary {
    func encodeInKeyOrder(into encoder: FastJSONEncoder) throws
}

extension Dictionary: KeyOrderedDictionary where Key == String, Value: Encodable {
    func encodeInKeyOrder(into encoder: FastJSONEncoder) throws {
        // Keys and values in storage order, each copied once (this is generic code: an element
        // read is a copy); the values are then read in key order in place.
        let keys = Array(self.keys), values = Array(self.values)
        encoder.bytes.append(UInt8(ascii: "{"))
        try values.withUnsafeBufferPointer { values in
            for (written, position) in FastJSONEncoder.sortedOrder(of: keys).enumerated() {
                if written > 0 { encoder.bytes.append(UInt8(ascii: ",")) }
                encoder.writeString(keys[position])
                encoder.bytes.append(UInt8(ascii: ":"))
                try encoder.encodeValue(values[position])
            }
        }
        encoder.bytes.append(UInt8(ascii: "}"))
    }
}
