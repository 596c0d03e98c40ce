@testable import FlowCoachStore
import Foundation
import Testing

/// The attempt log behind the poison-event guard.
@Suite struct AttemptLogTests {
    let path = NSTemporaryDirectory() + "flowcoach-attempts-" + UUID().uuidString

    @Test func unfinishedAttemptsAreCountedByKeyAndCommittedOnesForgotten() throws {
        do {
            let log = try AttemptLog(path: path) { _ in false }
            try log.mark(event: "$a", key: "k1")
            try log.mark(event: "$b", key: "k2")
            try log.mark(event: "$a2", key: "k1")
            try log.mark(event: "$c", key: "k3")
            log.close()
        }
        // $c was committed (the state has it among its seen events).
        let log = try AttemptLog(path: path) { $0 == "$c" }
        #expect(log.unfinished == ["k1": 2, "k2": 1])
        log.settle("k2")
        try log.compact()
        log.close()
        let again = try AttemptLog(path: path) { _ in false }
        #expect(again.unfinished == ["k1": 2])
    }

    @Test func aLineCutShortIsIgnored() throws {
        _ = FileManager.default.createFile(atPath: path, contents: Data("$a\tk1\n$b\tk1\n$c".utf8))
        let log = try AttemptLog(path: path) { _ in false }
        #expect(log.unfinished == ["k1": 2])
    }

    @Test func theKeyHoldsNoText() {
        let key = AttemptLog.key(sender: "@ana:x", room: "!r", text: "my secret plan")
        #expect(!key.contains("secret"))
        #expect(key == AttemptLog.key(sender: "@ana:x", room: "!r", text: "my secret plan"))
        #expect(key != AttemptLog.key(sender: "@bo:x", room: "!r", text: "my secret plan"))
    }
}
