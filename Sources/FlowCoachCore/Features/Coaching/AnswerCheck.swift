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
            guard let value = number(in: normalized), value.isFinite else {
                return .rejected(Rejection(key: "answer_not_a_number"))
            }
            if let min, value < min { return .rejected(Rejection(key: "answer_number_too_low", values: ["min": format(min)])) }
            if let max, value > max { return .rejected(Rejection(key: "answer_number_too_high", values: ["max": format(max)])) }
            return .accepted(format(value))
        case .choice(let options):
            let ordinals = ["first": 1, "the first": 1, "first one": 1, "the first one": 1, "second": 2, "the second": 2, "second one": 2,
                            "the second one": 2, "third": 3, "the third": 3, "third one": 3, "the third one": 3, "fourth": 4, "the fourth": 4,
                            "last": options.count, "the last": options.count, "last one": options.count, "the last one": options.count]
            if let index = Int(normalized) ?? ordinals[normalized] ?? numberWords[normalized].map(Int.init), options.indices.contains(index - 1) {
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
            // "yes, all the time", "nope not yet": the answer leads, the rest explains it.
            let lead = normalized.split { $0 == " " || $0 == "," || $0 == "." || $0 == "!" }.first.map(String.init) ?? ""
            if yes.contains(lead) { return .accepted("yes") }
            if no.contains(lead) { return .accepted("no") }
            return .rejected(Rejection(key: "answer_not_yes_no"))
        case .date:
            guard let day = DateAnswer.parse(normalized, now: now, timeZone: timeZone) else {
                return .rejected(Rejection(key: "answer_not_a_day"))
            }
            return .accepted(day)
        }
    }

    /// Number words people type for small numbers.
    static let numberWords: [String: Double] = [
        "zero": 0, "none": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
        "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "fifty": 50, "hundred": 100,
    ]

    /// The number an answer gives: "3", "3,5", "five", "a 4", "4/5", "maybe 3", "4 out of 5". A
    /// short answer with exactly one number in it counts; anything longer or with two is not one.
    static func number(in normalized: String) -> Double? {
        if let value = Double(normalized.replacingOccurrences(of: ",", with: ".")) { return value }
        let words = normalized.split { $0 == " " || $0 == "/" }.map(String.init)
        guard words.count <= 5 else { return nil }
        var found: [Double] = []
        for (index, word) in words.enumerated() {
            // "4 out of 5" and "4/5" rate on a scale: the first number is the answer.
            if index > 0, ["of", "out"].contains(words[index - 1]) || (normalized.contains("/") && !found.isEmpty) { continue }
            if let value = Double(word.replacingOccurrences(of: ",", with: ".")) ?? numberWords[word] { found.append(value) }
        }
        return found.count == 1 ? found[0] : nil
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
