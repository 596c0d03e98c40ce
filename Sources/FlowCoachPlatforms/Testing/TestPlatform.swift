import FlowCoachCore
import Synchronization

/// An in-memory chat platform for tests: messages are queued with `post`, replies collected in
/// `sent`; `finish` ends it like a closed terminal. Runtime tests run whole conversations on it.
public final class TestPlatform: ChatPlatform {
    public let name: String
    public let capabilities = PlatformCapabilities(threads: true, maxLength: 30_000)
    private let inbox: AsyncStream<[Inbound]>
    private let input: AsyncStream<[Inbound]>.Continuation
    private let delivered = Mutex<[Outbound]>([])
    private let received = Mutex(0)
    /// Signalled after every delivery, so a test can wait for a reply.
    private let deliveries: AsyncStream<Void>.Continuation
    public let deliveryEvents: AsyncStream<Void>

    public init(name: String = "test") {
        self.name = name
        (inbox, input) = AsyncStream.makeStream(of: [Inbound].self)
        (deliveryEvents, deliveries) = AsyncStream.makeStream(of: Void.self)
    }

    /// Queues messages as one batch.
    public func post(_ messages: Inbound...) { input.yield(messages) }

    /// Ends the platform: `receive` returns nil once the queue is read.
    public func finish() { input.finish() }

    /// Every reply delivered so far, in order.
    public var sent: [Outbound] { delivered.withLock { $0 } }

    public func connect() async throws {}

    public func receive(after cursor: String?) async throws -> PollBatch? {
        for await batch in inbox {
            let number = received.withLock { count in
                count += 1
                return count
            }
            return PollBatch(messages: batch, cursor: "t\(number)")
        }
        return nil
    }

    public func send(_ reply: Outbound) async throws {
        delivered.withLock { $0.append(reply) }
        deliveries.yield()
    }
}
