import FlowCoachCore
import Foundation
import Testing

/// Whatever a person types comes back inert: no reply of the coach carries a mention, markup,
/// a terminal escape or a bidi control that someone typed, whichever command it was given to.
@Suite struct HostileEchoTests {
    /// Mentions of every platform, HTML, terminal escapes, bidi and invisible characters.
    static let corpus = [
        "@room", "<!here>", "<!channel>", "<!everyone>", "<@U024BE7LH>", "<#C024BE7LR>", "@**all**", "@_**Ana|12**",
        "@channel", "@here", "@everyone", "@all", "<script>alert(1)</script>", "<b>bold</b>", "<a href=x>y</a>",
        "\u{1B}[31mred\u{1B}[0m", "\u{1B}]0;title\u{07}", "\u{202E}evil\u{202C}", "\u{2066}iso\u{2069}", "zero\u{200B}width",
    ]

    /// The parts of a corpus entry that must never come back as typed.
    static func forbidden(in hostile: String) -> [String] {
        var parts: [String] = []
        for token in ["@room", "<!here>", "<!channel>", "<!everyone>", "<@U", "<#C", "@**", "@_**", "@channel", "@here", "@everyone", "@all",
                      "<script", "<b>", "<a ", "\u{1B}", "\u{07}", "\u{202E}", "\u{202C}", "\u{2066}", "\u{2069}", "\u{200B}"]
        where hostile.contains(token) {
            parts.append(token)
        }
        return parts
    }

    /// Every command that takes an argument, with the hostile text in each argument's place.
    static func commands(_ x: String) -> [String] {
        [
            "search \(x)", "show \(x)", "ask what about \(x)?", "answer q1 \(x)", "answer \(x) fine", "vote \(x)", "accept \(x)",
            "close \(x)", "reopen \(x)", "hide \(x)", "unhide \(x)", "promote \(x)", "edit q1 \(x)", "edit a1 \(x)", "edit \(x) text",
            "expertise add \(x)", "expertise remove \(x)", "expertise \(x)", "practice \(x)", "applied \(x): it went well",
            "applied delegation: \(x)", "join \(x)", "role \(x)", "snooze \(x)", "timezone \(x)", "away until \(x)",
            "admin \(x)", "admin report \(x)", "admin broadcast \(x) hello", "admin broadcast everyone \(x)", "coach \(x)", x,
            "show q1", "questions", "my questions", "my data", "leaderboard", "my progress",
        ]
    }

    @Test(arguments: corpus) func noReplyEchoesHostileText(_ hostile: String) throws {
        var board = try Board()
        _ = board.say(board.asker, "ask How do I give feedback to a peer? #feedback")
        _ = board.say(board.asker, "post it")
        _ = board.say(board.expert, "expertise add feedback")
        _ = board.say(board.expert, "answer q1 Use SBI.")
        let forbidden = Self.forbidden(in: hostile)
        #expect(!forbidden.isEmpty)
        for who in [board.asker, board.expert, board.admin] {
            for command in Self.commands(hostile) + ["yes", "no", "2"] {
                for (room, text) in board.say(who, command) {
                    for token in forbidden {
                        #expect(!text.contains(token), "\(command.debugDescription) by \(who.0.id) → \(room): \(text.debugDescription)")
                    }
                }
            }
        }
    }

    @Test func dialogAnswersComeBackInert() throws {
        var ana = Conversationalist(content: try Fixture.shippedContent())
        ana.start("coach feedback")
        for hostile in Self.corpus {
            let reply = ana.say("In the <!here> meeting \(hostile)")
            for token in Self.forbidden(in: hostile) + ["<!here>"] {
                #expect(!reply.contains(token), "\(hostile.debugDescription): \(reply.debugDescription)")
            }
        }
    }

    @Test func myDataIsInertYetReadsBackExactly() throws {
        var board = try Board()
        _ = board.say(board.asker, "ask Should I tell @room about <!here> \u{202E}this?")
        _ = board.say(board.asker, "post it")
        let reply = board.say(board.asker, "my data").map(\.text).joined()
        for token in ["@room", "<!here>", "\u{202E}"] { #expect(!reply.contains(token)) }
        let json = try #require(reply.components(separatedBy: "```json\n").last?.components(separatedBy: "\n```").first)
        let decoded = try JSONSerialization.jsonObject(with: Data(json.utf8))
        let text = String(describing: decoded)
        #expect(text.contains("@room") && text.contains("<!here>"), "the export holds the question as typed")
    }
}

/// What a hostile tester found: a confirmation outliving the next message, spans past any sense.
@Suite struct ConfirmationAndSpanTests {
    @Test func aPendingForgetMeIsDroppedByAnyOtherMessage() throws {
        var board = try Board()
        _ = board.say(board.asker, "applied delegation: handed over the weekly report")
        #expect(board.say(board.asker, "forget me").map(\.text).joined().contains("Say \"yes\" to erase"))
        let help = board.say(board.asker, "help").map(\.text).joined()
        #expect(help.contains("kept everything") && help.contains("Here's what I can do"), "kept, and the help still comes")
        _ = board.say(board.asker, "yes")
        #expect(board.state.users[board.asker.0.id] != nil && !board.state.applications.isEmpty, "a later yes erases nothing")
        // "yes" straight after still erases.
        _ = board.say(board.asker, "forget me")
        _ = board.say(board.asker, "yes")
        #expect(board.state.applications.isEmpty)
    }

    @Test func aPendingBroadcastIsDroppedByAnyOtherMessage() throws {
        var board = try Board(withPrograms: true)
        _ = board.say(board.expert, "join feedback-sprint")
        let asked = board.say(board.admin, "admin broadcast self-paced Hello all").map(\.text).joined()
        #expect(asked.contains("yes"), "\(asked)")
        _ = board.say(board.admin, "admin stats")
        let after = board.say(board.admin, "yes")
        #expect(!after.contains { $0.room == board.expert.1 }, "nothing was sent")
        // Confirmed at once, it goes.
        _ = board.say(board.admin, "admin broadcast self-paced Hello all")
        #expect(board.say(board.admin, "yes").contains { $0.room == board.expert.1 })
    }

    @Test(arguments: ["admin report 99999999999999999999w", "admin report 1e308d", "snooze 9223372036854775807d", "snooze 1e308h", "snooze 5000w"])
    func absurdSpansAreRefusedNotFollowed(_ command: String) throws {
        var board = try Board()
        let replies = board.say(board.admin, command).map(\.text).joined()
        #expect(!replies.isEmpty)
        #expect(!replies.contains("Snoozed"))
    }
}
