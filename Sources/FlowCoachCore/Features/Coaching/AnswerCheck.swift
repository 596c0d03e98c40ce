import Foundation

/// Checks an answer against what a question expects and returns the value to save.
enum AnswerCheck {
    enum Outcome: Equatable {
        case accepted(String)
        /// Why it did not fit, said before the question is asked again.
        case rejected(Rejection)
    }

    /// Why an answer did not fit: a message in `Prompts/messages.yaml` and the values it is
    /// rendered with (say it with `Session.say(_:for:)`).
    struct Rejection: Equatable, Sendable {
        let key: String
        var values: [String: String] = [:]
    }

    static let yes: Set<String> = ["yes", "y", "yeah", "yep", "yup", "sure", "ok", "okay", "of course", "definitely", "absolutely"]
    static let no: Set<String> = ["no", "n", "nope", "nah", "not yet", "not really", "no thanks"]

    static func check(_ answer: String, against expect: Expectation, now: Date = Date(timeIntervalSince1970: 0), timeZone: TimeZone = .gmt) -> Outcome {
        let trimmed = answer.trimmed
        let normalized = TextNormalizer.normalize(trimmed).trimmedPunctuation
        switch expect {
        case .text(let minLength):
            guard trimmed.count >= minLength else {
                return .rejected(Rejection(key: "answer_too_short", values: ["min": String(minLength)]))
            }
            return .accepted(trimmed)
        case .number(let min, let max):
            guard let value = Double(normalized.replacingOccurrences(of: ",", with: ".")), value.isFinite else {
                return .rejected(Rejection(key: "answer_not_a_number"))
            }
            if let min, value < min { return .rejected(Rejection(key: "answer_number_too_low", values: ["min": format(min)])) }
            if let max, value > max { return .rejected(Rejection(key: "answer_number_too_high", values: ["max": format(max)])) }
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
            return .rejected(Rejection(key: "answer_not_an_option", values: ["count": String(options.count)]))
        case .yesNo:
            if yes.contains(normalized) { return .accepted("yes") }
            if no.contains(normalized) { return .accepted("no") }
            return .rejected(Rejection(key: "answer_not_yes_no"))
        case .date:
            guard let day = DateAnswer.parse(normalized, now: now, timeZone: timeZone) else {
                return .rejected(Rejection(key: "answer_not_a_day"))
            }
            return .accepted(day)
        }
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}

extension Session {
    /// Says why an answer did not fit.
    mutating func say(_ rejection: AnswerCheck.Rejection, for person: Person) {
        say(rejection.key, rejection.values, for: person)
    }
}
