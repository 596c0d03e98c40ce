import Foundation

/// Checks an answer against what a question expects and returns the value to save.
enum AnswerCheck {
    enum Outcome: Equatable {
        case accepted(String)
        /// Why it did not fit, said before the question is asked again.
        case rejected(String)
    }

    static let yes: Set<String> = ["yes", "y", "yeah", "yep", "yup", "sure", "ok", "okay", "of course", "definitely", "absolutely"]
    static let no: Set<String> = ["no", "n", "nope", "nah", "not yet", "not really", "no thanks"]

    static func check(_ answer: String, against expect: Expectation, now: Date = Date(timeIntervalSince1970: 0), timeZone: TimeZone = .gmt) -> Outcome {
        let trimmed = answer.trimmed
        let normalized = TextNormalizer.normalize(trimmed).trimmedPunctuation
        switch expect {
        case .text(let minLength):
            guard trimmed.count >= minLength else {
                return .rejected("Could you say a little more? A sentence or two helps (at least \(minLength) characters).")
            }
            return .accepted(trimmed)
        case .number(let min, let max):
            guard let value = Double(normalized.replacingOccurrences(of: ",", with: ".")), value.isFinite else {
                return .rejected("Please answer with a number, for example 3.")
            }
            if let min, value < min { return .rejected("Please give a number of at least \(format(min)).") }
            if let max, value > max { return .rejected("Please give a number no higher than \(format(max)).") }
            return .accepted(format(value))
        case .choice(let options):
            if let index = Int(normalized), options.indices.contains(index - 1) {
                return .accepted(options[index - 1])
            }
            if let match = options.first(where: { TextNormalizer.normalize($0) == normalized }) {
                return .accepted(match)
            }
            let partial = options.filter { !normalized.isEmpty && TextNormalizer.normalize($0).contains(normalized) }
            if partial.count == 1 { return .accepted(partial[0]) }
            return .rejected("Please pick one of the options: a number from 1 to \(options.count), or its text.")
        case .yesNo:
            if yes.contains(normalized) { return .accepted("yes") }
            if no.contains(normalized) { return .accepted("no") }
            return .rejected("Please answer yes or no.")
        case .date:
            guard let day = DateAnswer.parse(normalized, now: now, timeZone: timeZone) else {
                return .rejected("Please give a day: today, tomorrow, a weekday such as thursday, \"in 3 days\", or a date like 2026-12-03.")
            }
            return .accepted(day)
        }
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
