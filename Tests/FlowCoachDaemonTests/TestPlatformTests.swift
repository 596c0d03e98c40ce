@testable import FlowCoachDaemon
import FlowCoachCore
import FlowCoachPlatforms
import Foundation
import Logging
import Testing

/// Whole conversations through the same platform loop the daemon runs, on the in-memory platform.
@Suite struct TestPlatformTests {
    func waitFor(_ platform: TestPlatform, count: Int) async {
        var events = platform.deliveryEvents.makeAsyncIterator()
        while platform.sent.count < count { _ = await events.next() }
    }

    @Test func twoPeopleTalkThroughThePlatformLoop() async throws {
        let directory = NSTemporaryDirectory() + "flowcoach-testplatform-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let runtime = try RuntimeTests().runtime(directory)
        let platform = TestPlatform()
        let (replies, outbox) = AsyncStream.makeStream(of: Outbound.self)
        let service = PlatformService(platform: platform, runtime: runtime, logger: Logger(label: "test"), replies: replies, outbox: outbox)
        let loop = Task { try await service.run() }

        let ana = Person(id: "@ana:x", displayName: "Ana"), bo = Person(id: "@bo:x", displayName: "Bo")
        platform.post(Inbound(eventID: "$1", sender: ana, room: "!ana", text: "coach feedback"),
                      Inbound(eventID: "$2", sender: bo, room: "!bo", text: "coach 1:1"))
        await waitFor(platform, count: 2)
        platform.post(Inbound(eventID: "$3", sender: ana, room: "!ana", text: "3"))
        await waitFor(platform, count: 3)
        platform.post(Inbound(eventID: "$3", sender: ana, room: "!ana", text: "3"))  // redelivered: answered once
        platform.post(Inbound(eventID: "$4", sender: bo, room: "!bo", text: "help"))
        await waitFor(platform, count: 4)
        platform.finish()
        try await loop.value

        let sent = platform.sent
        #expect(sent.count == 4)
        let toAna = sent.filter { $0.room == "!ana" }.map(\.text), toBo = sent.filter { $0.room == "!bo" }.map(\.text)
        #expect(toAna.count == 2 && toAna[0].contains("how confident") && toAna[1].contains("reinforce something good"))
        #expect(toBo.count == 2 && toBo[1].contains("Here's what I can do"))
        #expect(await runtime.undelivered.isEmpty, "every reply was recorded as delivered")
        #expect(await runtime.cursor("test") == "t4")
    }
}
