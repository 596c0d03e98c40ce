// Fuzzes `Coach.handle` with short conversations among a few people: each input is a script of
// messages and ticks, replayed from an empty state with the shipped content. Crashes are the
// finding; so is a turn whose changes the store could not write or read back.
import FlowCoachContent
import FlowCoachCore
import Foundation
import FuzzSupport

/// The shipped content, loaded once, with one admin and a Q&A board room so admin commands and
/// board threads are reachable.
let coach: Coach = {
    let root = FuzzFiles.repositoryRoot()
    let config = FuzzFiles.temporaryDirectory("fuzz-coach") + "/flowcoach.yaml"
    FuzzFiles.write(Array(CoachScript.configuration(root: root).utf8), to: config)
    do {
        return Coach(content: try ContentLoader.load(root: root, config: config))
    } catch {
        fatalError("the shipped content does not load: \(error)")
    }
}()

/// The input as a script: lines separated by `\n`, each `<who><when><text>`.
///
/// - who: `a`...`d` a direct message from ana (an admin), ben, cy or dee; `A`...`D` the same person
///   in a shared team room; `^` ben replying in a thread under the last reply the coach posted to
///   the board room; `=` the previous message delivered again (same event id); `!` a tick (the
///   text is ignored); `~` a session opening for the person `<when>` picks. Any other byte picks a
///   person by its value.
/// - when: how much time passes before the line, by the byte's value modulo 8: `0` or space 30 s,
///   `1` 5 min, `2` 1 h, `3` 6 h, `4` 1 day, `5` 3 days, `6` 10 days, `7` 40 days. Its value also
///   picks the spaces people's clients send: below 0x40 (space, digits) the text is as written;
///   from 0x40 (letters: `H` is 30 s) its spaces become tabs, from 0x80 no-break spaces, from
///   0xC0 ideographic spaces.
/// - text: the message; the byte 0x1F stands for a line break inside it.
///
/// As in the daemon, a tick is also handled whenever `nextWake` has come before a line.
struct CoachScript {
    static let people = [
        Person(id: "@ana:fuzz", displayName: "Ana"),
        Person(id: "@ben:fuzz", displayName: "Ben {{user}} <b>"),
        Person(id: "@cy:fuzz", displayName: "千尋"),
        Person(id: "@dee:fuzz", displayName: ""),
    ]
    static let steps: [TimeInterval] = [30, 300, 3600, 6 * 3600, 86400, 3 * 86400, 10 * 86400, 40 * 86400]
    static let spaces: [String?] = [nil, "\t", "\u{A0}", "\u{3000}"]
    static let teamRoom = "!team:fuzz"
    static let boardRoom = "!board:fuzz"
    /// A whole-second start, so ISO 8601 dates in the journal lose nothing.
    static let start = Date(timeIntervalSince1970: 1_795_000_000)
    static let maxLines = 48

    /// The shipped `Config/flowcoach.yaml` with ana as an admin and a board room, on Matrix.
    static func configuration(root: String) -> String {
        guard let shipped = try? String(contentsOfFile: root + "/Config/flowcoach.yaml", encoding: .utf8) else {
            fatalError("cannot read \(root)/Config/flowcoach.yaml")
        }
        // The fuzzed people have Matrix ids, so the configuration names that platform (its own
        // `matrix:` section is read only by the daemon, never by the coach's loader).
        var text = shipped.replacingOccurrences(of: "\nplatform: console", with: "\nplatform: matrix")
        text = text.replacingOccurrences(of: "\nadmins: []", with: "\nadmins: [\"@ana:fuzz\"]")
        text = text.replacingOccurrences(of: "# board_room: \"!abc123:example.org\"", with: "board_room: \"\(boardRoom)\"")
        if text.contains("admins: []") || !text.contains("board_room: \"\(boardRoom)\"") {
            FileHandle.standardError.write(Data("FuzzCoach: Config/flowcoach.yaml changed shape; admin commands or the board may be unreachable\n".utf8))
        }
        return text
    }

    var state = State()
    var now = start
    var events = 0
    var last: Inbound?
    var lastBoardPost: String?
    /// The store's JSON coding (`StateFormat`): a change it cannot encode would stop the store, one
    /// it cannot decode would stop the next start-up.
    let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
    let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()

    mutating func run(_ bytes: UnsafeBufferPointer<UInt8>) {
        for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).prefix(Self.maxLines) {
            guard let who = line.first else { continue }
            let when = line.dropFirst().first ?? UInt8(ascii: " ")
            var text = String(decoding: line.dropFirst(2), as: UTF8.self).replacingOccurrences(of: "\u{1F}", with: "\n")
            if let space = Self.spaces[Int(when / 0x40)] { text = text.replacingOccurrences(of: " ", with: space) }
            now += Self.steps[Int(when % 8)]
            if let wake = coach.nextWake(state), wake <= now { handle(.tick) }
            switch who {
            case UInt8(ascii: "!"):
                handle(.tick)
            case UInt8(ascii: "~"):
                let person = Self.people[Int(when) % Self.people.count]
                handle(.sessionStarted(person, room: "!dm-" + person.id))
            case UInt8(ascii: "="):
                if let last { handle(.message(last)) }
            case UInt8(ascii: "^"):
                let person = Self.people[1]
                message(Inbound(eventID: nextID(), sender: person, room: Self.boardRoom, text: text, threadRoot: lastBoardPost ?? text, shared: true))
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                let person = Self.people[Int(who - UInt8(ascii: "A")) % Self.people.count]
                message(Inbound(eventID: nextID(), sender: person, room: Self.teamRoom, text: text, shared: true))
            default:
                let person = Self.people[Int(who &- UInt8(ascii: "a")) % Self.people.count]
                message(Inbound(eventID: nextID(), sender: person, room: "!dm-" + person.id, text: text))
            }
        }
    }

    mutating func nextID() -> String {
        events += 1
        return "$e\(events)"
    }

    mutating func message(_ inbound: Inbound) {
        last = inbound
        handle(.message(inbound))
    }

    /// `FUZZ_TRACE=1` prints each event and the coach's replies (to read what an input does).
    static let trace = ProcessInfo.processInfo.environment["FUZZ_TRACE"] != nil

    mutating func handle(_ event: Event) {
        let turn = coach.handle(event, state: state, now: now)
        if Self.trace {
            if case .message(let inbound) = event {
                print("\(now) \(inbound.sender.id) in \(inbound.room): \(inbound.text)")
            } else {
                print("\(now) \(event)")
            }
            for reply in turn.replies { print("  → \(reply.room): \(reply.text.replacingOccurrences(of: "\n", with: "\n    "))") }
        }
        let line: Data
        do {
            line = try encoder.encode(turn.changes)
        } catch {
            fatalError("the store could not write this turn's changes: \(error)")
        }
        do {
            _ = try decoder.decode([Change].self, from: line)
        } catch {
            fatalError("the store could write this turn's changes but not read them back: \(error)")
        }
        state.apply(turn.changes)
        if let post = turn.replies.last(where: { $0.room == Self.boardRoom }) { lastBoardPost = post.text }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCoach(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    var script = CoachScript()
    script.run(UnsafeBufferPointer(start: data, count: size))
    return 0
}

@main enum Main {
    static func main() {
        _ = coach
        FuzzMain.run(fuzzCoach)
    }
}
