import FlowCoachCore
import FlowCoachJSON
import Foundation
import Synchronization

/// Decodes a state's collections on every core, each parsed by the thread that decodes it
/// (`FastJSONDecoder(_:memberAt:)`, from the byte ranges a skim of the file found): the
/// questions and answers first, then the answered-questions index in one part per thread (each
/// taken as soon as a thread is free, before any other collection) and the remaining
/// collections, largest first; the thread that builds the last part merges them. Start-up is
/// mostly this: at 100,000 people, about 700,000 entities, a million scheduled nudges and an
/// index of 200,000 answered questions.
final class ParallelStateLoad: Sendable {
    private enum Job { case collection(Int), indexPart(Int) }

    private struct Progress {
        var pending: [Int]
        var loaded: [State.LoadedCollection] = []
        var sourcesLeft: Int
        var partsTaken = 0
        var parts: [TextIndex?]
        var index: TextIndex?
        var failure: (any Error)?
    }

    private let bytes: [UInt8]
    /// Where each collection of `Collections.all` is in `bytes` (`"name":{...}`), if the file has it.
    private let ranges: [Range<Int>?]
    private let threads: Int
    private let progress: Mutex<Progress>

    /// `members` are the state object's members in `bytes` (names the registry does not know
    /// are left out, as decoding them whole would leave them; of a repeated name, the last).
    init(_ bytes: [UInt8], stateMembers members: [(key: String, range: Range<Int>)],
         threads: Int = min(4, max(1, ProcessInfo.processInfo.activeProcessorCount))) {
        self.bytes = bytes
        var byName: [String: Range<Int>] = [:]
        for member in members { byName[member.key] = member.range }
        ranges = Collections.all.map { byName[$0.collection.rawValue] }
        self.threads = threads
        let sources = State.answeredIndexSources
        // Bytes, not entities, say how long a collection takes: the nudges are one compact string.
        let sizes = ranges.map { $0?.count ?? 0 }
        let rest = Collections.all.indices.filter { !sources.contains($0) }.sorted { sizes[$0] > sizes[$1] }
        progress = Mutex(Progress(pending: sources + rest, sourcesLeft: sources.count, parts: Array(repeating: nil, count: threads)))
    }

    func run() throws -> State {
        if threads == 1 {
            work()
        } else {
            DispatchQueue.concurrentPerform(iterations: threads) { _ in work() }
        }
        let (loaded, index, failure) = progress.withLock { ($0.loaded, $0.index, $0.failure) }
        if let failure { throw failure }
        guard let index else { throw FastJSONDecoder.Malformed() }
        return State(loaded: loaded, answeredIndex: index)
    }

    /// A container holding the collection at `position` (an empty one when the file has none:
    /// an older file without a newer collection).
    private func container(_ position: Int) throws -> KeyedDecodingContainer<CollectionKey> {
        let reader = try ranges[position].map { try FastJSONDecoder(bytes, memberAt: $0) } ?? FastJSONDecoder(Array("{}".utf8))
        return try reader.keyedContainer(at: 0, keyedBy: CollectionKey.self)
    }

    /// One thread's loop: take a job, do it, until none is left (or one failed).
    private func work() {
        do {
            while let job = next() {
                switch job {
                case .collection(let position):
                    let collection = try State.loadCollection(at: position, from: container(position))
                    progress.withLock {
                        $0.loaded.append(collection)
                        if State.answeredIndexSources.contains(position) { $0.sourcesLeft -= 1 }
                    }
                case .indexPart(let part):
                    let sources = progress.withLock { $0.loaded }
                    let built = State.answeredIndex(of: sources, part: part, of: threads)
                    let all = progress.withLock { progress -> [TextIndex]? in
                        progress.parts[part] = built
                        let done = progress.parts.compactMap { $0 }
                        return done.count == threads ? done : nil
                    }
                    if let all {
                        var index = all[0]
                        for other in all.dropFirst() { index.merge(other) }
                        progress.withLock { $0.index = index }
                    }
                }
            }
        } catch {
            progress.withLock { $0.failure = $0.failure ?? error }
        }
    }

    /// A part of the index once its sources are in (whoever loads the last source takes one
    /// next), else the next collection.
    private func next() -> Job? {
        progress.withLock { progress in
            guard progress.failure == nil else { return nil }
            if progress.partsTaken < threads, progress.sourcesLeft == 0 {
                progress.partsTaken += 1
                return .indexPart(progress.partsTaken - 1)
            }
            return progress.pending.isEmpty ? nil : .collection(progress.pending.removeFirst())
        }
    }
}
