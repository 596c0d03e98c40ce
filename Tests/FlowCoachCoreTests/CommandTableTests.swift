@testable import FlowCoachCore
import Foundation
import Testing

/// The command table: every row reachable, help and usage made from it, one precedence.
@Suite struct CommandTableTests {
    /// Words that fit what a row takes after its own.
    static func arguments(_ arguments: Command.Arguments) -> [String] {
        switch arguments {
        case .none, .optional: []
        case .one: ["x1"]
        case .some: ["two", "words"]
        case .postID: ["q1"]
        case .postIDAndText: ["q1", "some", "text"]
        case .section: ["questions"]
        }
    }

    @Test func everyRowIsReachedByItsOwnWordsAndHasAHelpLine() {
        for row in Commands.table {
            #expect(Messages.variables[row.help] != nil, "\(row.help) is not a message key")
            for words in row.words {
                let said = Utterance((words + Self.arguments(row.arguments)).joined(separator: " "))
                let found = Commands.find(said, scope: row.scope)
                #expect(found?.command.words == row.words && found?.command.help == row.help, "\(said.text) reaches another row")
            }
        }
    }

    @Test func everySectionHasCommandsAndATitle() {
        for section in Command.Section.allCases {
            #expect(Commands.table.contains { $0.section == section })
            #expect(Messages.variables["help_section_\(section.rawValue)"] != nil)
        }
    }

    @Test func helpForASectionListsEachOfItsHelpLines() throws {
        var board = try Board()
        let coach = board.coach
        for section in Command.Section.allCases where section != .admin {
            let reply = board.say(board.asker, "help \(section.rawValue)").map(\.text).joined()
            for row in Commands.table where row.section == section {
                let line = try #require(coach.content.messages.text(row.help)).render([:])
                #expect(reply.contains(line), "help \(section.rawValue) misses \(row.help)")
            }
        }
    }

    @Test func adminHelpIsForAdminsOnly() throws {
        var board = try Board()
        let line = try #require(board.coach.content.messages.text("help_admin_stats")).render([:])
        #expect(!board.say(board.asker, "help").map(\.text).joined().contains("help admin"))
        #expect(!board.say(board.asker, "help admin").map(\.text).joined().contains(line))
        #expect(board.say(board.admin, "help admin").map(\.text).joined().contains(line))
    }

    @Test func aCommandWithoutWhatItNeedsGetsItsUsageLine() throws {
        var board = try Board()
        for (text, key) in [("answer q3", "help_answer"), ("snooze", "help_snooze"), ("search", "help_search"), ("vote", "help_vote")] {
            let usage = try #require(board.coach.content.messages.text(key)).render([:])
            let reply = board.say(board.asker, text).map(\.text).joined()
            #expect(reply.contains(usage), "\(text)")
        }
    }

    @Test func aTypoInACommandGetsDidYouMean() throws {
        var board = try Board()
        _ = board.say(board.asker, "hello")
        let line = try #require(board.coach.content.messages.text("help_leaderboard")).render([:])
        #expect(board.say(board.asker, "leaderbaord").map(\.text).joined().contains(line))
        #expect(Commands.nearby(Utterance("how")).isEmpty, "short words are never corrected")
    }

    @Test func theTypoDistanceCountsSwapsAsOne() {
        #expect(Typo.distance("questons", "questions") == 1)
        #expect(Typo.distance("serach", "search") == 1)
        #expect(Typo.distance("accept", "except") == 2)
        #expect(Typo.distance("", "ab") == 2)
    }
}

/// One precedence: a pending question takes the message as its answer, except control words.
@Suite struct PrecedenceTests {
    /// Starts the presentation dialog and answers its confidence question.
    static func inDialog() throws -> Board {
        var board = try Board()
        _ = board.say(board.asker, "coach presentation")
        _ = board.say(board.asker, "3")
        return board
    }

    @Test func commandWordsInsideADialogAreAnswers() throws {
        for answer in ["ask for the budget", "search for a way to win them over", "show them the numbers", "accept their offer",
                       "answer their objections first", "questions about the price", "stop nudges"] {
            var board = try Self.inDialog()
            let step = board.state.conversations[board.asker.0.id]?.stepID
            _ = board.say(board.asker, answer)
            #expect(board.state.questions.isEmpty, "\(answer) posted to the board")
            let conversation = try #require(board.state.conversations[board.asker.0.id], "\(answer) ended the dialog")
            #expect(conversation.stepID != step || conversation.slots.values.contains(answer), "\(answer) was not taken as the answer")
            #expect(board.state.profiles[board.asker.0.id]?.nudgesOff != true)
        }
    }

    @Test func controlWordsStillWorkInsideADialog() throws {
        var board = try Self.inDialog()
        let help = board.say(board.asker, "help").map(\.text).joined()
        let pending = try #require(board.coach.content.messages.text("help_pending")).render(["dialog": "Prepare a presentation"])
        #expect(help.contains(pending))
        #expect(board.state.conversations[board.asker.0.id] != nil, "help keeps the dialog")
        _ = board.say(board.asker, "later")
        #expect(board.state.conversations[board.asker.0.id] != nil, "later keeps the dialog")
        _ = board.say(board.asker, "cancel")
        #expect(board.state.conversations[board.asker.0.id] == nil)
    }

    @Test func outsideADialogTheSameWordsAreCommands() throws {
        var board = try Board()
        _ = board.say(board.asker, "ask how do I price a new service?")
        _ = board.say(board.asker, "post it")
        #expect(board.state.questions.count == 1)
    }

    @Test func adminCommandsAreAuditedAndRefusedToOthers() throws {
        var board = try Board()
        let refused = try #require(board.coach.content.messages.text("admin_not_admin")).render([:])
        #expect(board.say(board.asker, "admin stats").map(\.text).joined().contains(refused))
        #expect(board.state.audit.values.contains { $0.actor == board.asker.0.id && !$0.allowed })
        _ = board.say(board.admin, "admin anything")
        #expect(board.state.audit.values.contains { $0.actor == board.admin.0.id && $0.allowed })
    }
}
