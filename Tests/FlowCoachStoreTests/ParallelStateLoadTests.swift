@testable import FlowCoachStore
import FlowCoachCore
@testable import FlowCoachJSON
import Foundation
import Testing

/// The snapshot's collections decoded on several threads give the same state, the same
/// answered-questions index and the same due queue as decoding them one after another; a
/// damaged collection fails the load instead of leaving anything out.
@Suite struct ParallelStateLoadTests {
    /// A state with every collection filled and a few answered questions.
    static func filledState(seed: Int) -> State {
        var random = SystemRandomNumberGenerator()
        var state = State()
        state.apply(CollectionRegistryTests.changes(seed: seed, random: &random))
        for n in 0..<5 {
            var question = PeerQuestion(id: "answered\(n)", asker: "@ana:x", askerName: "Ana", room: "!dm", text: "how do I open a tough negotiation \(n)?",
                                        tags: ["negotiation"], askedAt: CollectionRegistryTests.at(n), routedTo: ["@bo:x"])
            question.accepted = "accepted\(n)"
            state.apply([
                .put(PeerAnswer(id: "accepted\(n)", question: question.id, author: "@bo:x", authorName: "Bo", text: "anchor first, then listen", at: CollectionRegistryTests.at(n))),
                .put(question),
            ])
        }
        return state
    }

    static func load(_ bytes: [UInt8], threads: Int) throws -> State {
        let top = try FastJSONDecoder.members(in: bytes, objectAt: 0)
        let state = try #require(top.first { $0.key == "state" })
        let members = try FastJSONDecoder.members(in: bytes, objectAt: FastJSONDecoder.valueStart(in: bytes, member: state.range))
        #expect(members.count == Collections.all.count)
        return try ParallelStateLoad(bytes, stateMembers: members, threads: threads).run()
    }

    @Test(arguments: [1, 2, 4])
    func loadsTheSameStateOnAnyNumberOfThreads(threads: Int) throws {
        for seed in 0..<10 {
            let state = Self.filledState(seed: seed)
            let bytes = try Snapshot(seq: 1, at: CollectionRegistryTests.at(0), state: state).encoded()
            let loaded = try Self.load(bytes, threads: threads)
            #expect(loaded == state, "seed \(seed)")
            #expect(loaded.answeredIndex.count == state.answeredIndex.count && loaded.answeredIndex.count >= 5)
            let query = "negotiation opening"
            #expect(loaded.answeredIndex.search(query, limit: 10).map(\.id) == state.answeredIndex.search(query, limit: 10).map(\.id))
            #expect(loaded.dueQueue.count == state.dueQueue.count && loaded.dueQueue.count > 0)
        }
    }

    @Test func aDamagedCollectionFailsTheLoad() throws {
        let state = Self.filledState(seed: 1)
        let text = String(decoding: try Snapshot(seq: 1, at: CollectionRegistryTests.at(0), state: state).encoded(), as: UTF8.self)
        // An asker's name that is a number: nothing may be left out quietly.
        let damaged = text.replacingOccurrences(of: "\"askerName\":\"Ana\"", with: "\"askerName\":7")
        #expect(damaged != text)
        #expect(throws: (any Error).self) { try Self.load(Array(damaged.utf8), threads: 2) }
        let dir = StoreFixture.directory()
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Data(damaged.utf8).write(to: URL(fileURLWithPath: dir + "/snapshot.json"))
        #expect(throws: StoreError.self) { try StateStore(directory: dir) }
    }
}
