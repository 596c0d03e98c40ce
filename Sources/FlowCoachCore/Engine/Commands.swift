import Foundation

/// The command table: every feature's rows in one order, and how a message finds its row.
enum Commands {
    /// Every command. Earlier rows win when two could take the same words ("admin stats"
    /// before the "admin" catch-all).
    static let table: [Command] =
        Command.control + Command.coaching + Command.knowledge + Command.questions + Command.practice
        + Command.programs + Command.nudges + Command.barriers + Command.assessments + Command.privacy + Command.managers + Command.admin

    /// The row `said` calls, with how many words named it, among rows of `scope`.
    static func find(_ said: Utterance, scope: Command.Scope) -> (command: Command, length: Int)? {
        for command in table where command.scope == scope {
            if let length = command.match(said) { return (command, length) }
        }
        return nil
    }

    /// Rows whose words start `said` although what follows does not fit ("answer q3", "snooze").
    static func named(by said: Utterance) -> [Command] {
        table.filter { $0.named(by: said) != nil && $0.match(said) == nil }
    }

    /// Rows whose first word is one typo away from `said`'s first word ("serach", "questons").
    static func nearby(_ said: Utterance) -> [Command] {
        guard let first = said.word(0), first.count >= 4 else { return [] }
        return table.filter { command in
            command.section != nil && command.words.contains { words in
                guard let word = words.first, word.count >= 4, word != first else { return false }
                return Typo.distance(first, word) <= 1
            }
        }
    }
}

/// Edit distance with adjacent transpositions, for "did you mean".
enum Typo {
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard abs(a.count - b.count) <= 2 else { return 3 }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var row = [i] + [Int](repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { row[j] = min(row[j], previous2[j - 2] + 1) }
            }
            previous2 = previous
            previous = row
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}
