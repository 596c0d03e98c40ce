@testable import FlowCoachPlatforms
import FlowCoachCore
import Foundation
import Synchronization
import Testing

/// The terminal chat: each person has a room of their own, and what the coach sends someone
/// else from this session says whom it is for.
@Suite struct ConsolePlatformTests {
    final class Screen: Sendable {
        let printed = Mutex("")
        var text: String { printed.withLock { $0 } }
        func write(_ text: String) { printed.withLock { $0 += text } }
    }

    func console(_ name: String, lines: [String] = [], terminal: Bool = false) -> (ConsolePlatform, Screen) {
        let screen = Screen()
        let (stream, input) = AsyncStream.makeStream(of: String.self)
        for line in lines { input.yield(line) }
        input.finish()
        let platform = ConsolePlatform(person: Person(id: "console:\(name)", displayName: name), terminal: terminal, session: "7",
                                       lines: stream, output: { screen.write($0) })
        return (platform, screen)
    }

    @Test func eachPersonWritesFromARoomOfTheirOwn() async throws {
        let (ana, _) = console("Ana", lines: ["hello"])
        let (bo, _) = console("Bo")
        #expect(ana.room == "console:Ana" && bo.room == "console:Bo")
        let batch = try #require(try await ana.receive(after: nil))
        #expect(batch.messages.map(\.room) == ["console:Ana"])
    }

    @Test func aReplyForSomeoneElseSaysWhomItIsFor() async throws {
        let (ana, screen) = console("Ana")
        try await ana.send(Outbound(id: "1", room: "console:Ana", text: "Hi Ana!"))
        try await ana.send(Outbound(id: "2", room: "console:Bo", text: "Ana asked q1: how do I start?"))
        try await ana.send(Outbound(id: "3", room: "!board:x", text: "New question q1"))
        #expect(screen.text == "Hi Ana!\n\n(to Bo) Ana asked q1: how do I start?\n\n(to !board:x) New question q1\n\n")
    }

    @Test func inATerminalTheNameFollowsTheCoachsPrompt() async throws {
        let (ana, screen) = console("Ana", terminal: true)
        try await ana.send(Outbound(id: "2", room: "console:Bo", text: "The office is closed"))
        #expect(screen.text == "\rcoach › (to Bo) The office is closed\n\nyou › ")
    }

    /// State directories from before kept everyone's room as "console": what goes there is the
    /// person's own (their nudges, follow-ups and answers still reach them).
    @Test func theOldSharedRoomIsTakenAsThePersonsOwn() async throws {
        let (ana, screen) = console("Ana")
        try await ana.send(Outbound(id: "1", room: "console", text: "Time for a practice card"))
        #expect(screen.text == "Time for a practice card\n\n")
    }
}
