import FlowCoachCore
import Foundation
import Synchronization

/// The terminal as a chat platform (`flowcoach chat`): one person, lines from standard input,
/// replies on standard output. Input ends the platform when it closes.
///
/// Everyone who chats in the terminal has a room of their own, named by their id
/// (`console:Ana`), so what the coach sends someone else from this session (an expert asked for
/// an answer, a broadcast) shows as `(to Bo) …`, never as a reply to the person at the keyboard.
public final class ConsolePlatform: ChatPlatform {
    public let name = "console"
    public let capabilities = PlatformCapabilities(threads: false, formatting: .plain, maxLength: 100_000, oneScreen: true)
    public let person: Person
    /// The person's own room: their id.
    public let room: String
    /// The one room every terminal person shared before rooms of their own: a state directory
    /// from then still names it, so what is sent there is taken to be for whoever is here.
    public static let sharedRoom = "console"
    /// A terminal gets prompts and indented replies; a pipe gets the replies alone.
    private let terminal: Bool
    /// Ids stay unique across sessions: the session's own mark, then the line's number.
    private let session: String
    private let lines: AsyncStream<String>
    private let read = Mutex(0)
    private let output: @Sendable (String) -> Void

    /// Reads standard input and writes standard output.
    public convenience init(person: Person, terminal: Bool, session: String) {
        // A thread of its own for the blocking reads, so the timer's follow-ups still arrive.
        let (lines, input) = AsyncStream.makeStream(of: String.self)
        Thread.detachNewThread {
            while let line = readLine() { input.yield(line) }
            input.finish()
        }
        self.init(person: person, terminal: terminal, session: session, lines: lines, output: Self.write)
    }

    /// Reads `lines` and writes to `output` (tests).
    init(person: Person, terminal: Bool, session: String, lines: AsyncStream<String>, output: @escaping @Sendable (String) -> Void) {
        self.person = person
        self.room = person.id
        self.terminal = terminal
        self.session = session
        self.lines = lines
        self.output = output
    }

    public func connect() async throws {
        if terminal { output("you › ") }
    }

    public func receive(after cursor: String?) async throws -> PollBatch? {
        for await line in lines {
            // A line of nothing but spaces and invisible characters is no message.
            guard line.unicodeScalars.contains(where: { !$0.properties.isWhitespace && $0.properties.generalCategory != .format && $0 != "\u{FEFF}" }) else {
                if terminal { output("you › ") }
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

    /// Prints the reply as plain text, the core's markup (`•`, `**`) as it is; a reply for
    /// someone else's room starts with whom it is for: `(to Bo) `.
    public func send(_ reply: Outbound) async throws {
        let to = recipient(of: reply.room).map { "(to \($0)) " } ?? ""
        for part in render(reply.text) {
            if terminal {
                output("\r" + "coach › " + to + part.body.replacingOccurrences(of: "\n", with: "\n        ") + "\n\nyou › ")
            } else {
                output(to + part.body + "\n\n")
            }
        }
    }

    /// Whom a reply to `room` is for when it is not the person here: the name in a terminal
    /// person's room (`console:Bo` is Bo), else the room itself; nil for the person's own room
    /// and for the shared room of older state directories.
    func recipient(of room: String) -> String? {
        guard room != self.room, room != Self.sharedRoom else { return nil }
        let prefix = Self.sharedRoom + ":"
        return room.hasPrefix(prefix) && room.count > prefix.count ? String(room.dropFirst(prefix.count)) : room
    }

    /// Writes at once (standard output is buffered when it is a pipe).
    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
