import FlowCoachCore
import Foundation
import Synchronization

/// The terminal as a chat platform (`flowcoach chat`): one person, one room, lines from
/// standard input, replies on standard output. Input ends the platform when it closes.
public final class ConsolePlatform: ChatPlatform {
    public let name = "console"
    public let capabilities = PlatformCapabilities(threads: false, formatting: .plain, maxLength: 100_000)
    public let person: Person
    public let room = "console"
    /// A terminal gets prompts and indented replies; a pipe gets the replies alone.
    private let terminal: Bool
    /// Ids stay unique across sessions: the session's own mark, then the line's number.
    private let session: String
    private let lines: AsyncStream<String>
    private let read = Mutex(0)

    public init(person: Person, terminal: Bool, session: String) {
        self.person = person
        self.terminal = terminal
        self.session = session
        // A thread of its own for the blocking reads, so the timer's follow-ups still arrive.
        let (lines, input) = AsyncStream.makeStream(of: String.self)
        self.lines = lines
        Thread.detachNewThread {
            while let line = readLine() { input.yield(line) }
            input.finish()
        }
    }

    public func connect() async throws {
        if terminal { Self.write("you › ") }
    }

    public func receive(after cursor: String?) async throws -> PollBatch? {
        for await line in lines {
            // A line of nothing but spaces and invisible characters is no message.
            guard line.unicodeScalars.contains(where: { !$0.properties.isWhitespace && $0.properties.generalCategory != .format && $0 != "\u{FEFF}" }) else {
                if terminal { Self.write("you › ") }
                continue
            }
            let number = read.withLock { count in
                count += 1
                return count
            }
            let inbound = Inbound(eventID: "console:\(session):\(number)", sender: person, room: room, text: line)
            return PollBatch(messages: [inbound], cursor: "\(session):\(number)")
        }
        return nil
    }

    /// Prints the reply as plain text, the core's markup (`•`, `**`) as it is.
    public func send(_ reply: Outbound) async throws {
        for part in render(reply.text) {
            if terminal {
                Self.write("\r" + "coach › " + part.body.replacingOccurrences(of: "\n", with: "\n        ") + "\n\nyou › ")
            } else {
                Self.write(part.body + "\n\n")
            }
        }
    }

    /// Writes at once (standard output is buffered when it is a pipe).
    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
