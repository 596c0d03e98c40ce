/// How Q&A posts appear in chat. Everything a person wrote passes through `SafeText`.
enum QAView {
    static func line(_ question: PeerQuestion) -> String {
        "• \(question.id): \(SafeText.neutralise(question.text))"
    }

    /// The board post; its first words name the question so a threaded reply can be matched to it.
    static func boardPost(_ question: PeerQuestion) -> String {
        let tags = question.tags.isEmpty ? "" : " [\(question.tags.map { "#\($0)" }.joined(separator: " "))]"
        return "Question \(question.id) from \(SafeText.neutralise(question.askerName))\(tags): \(SafeText.neutralise(question.text))\nReply in this thread to answer, or DM me \"answer \(question.id) <your answer>\"."
    }

    /// The question id a board post names, from the post's text.
    static func questionID(inBoardPost text: String) -> String? {
        let words = text.split(separator: " ", maxSplits: 2)
        guard words.count >= 2, words[0] == "Question", words[1].first == "q", words[1].dropFirst().allSatisfy(\.isNumber) else { return nil }
        return String(words[1])
    }

    static func expertRequest(_ question: PeerQuestion) -> String {
        "A colleague, \(SafeText.neutralise(question.askerName)), asks (\(question.id)): \(SafeText.neutralise(question.text))\nReply with \"answer \(question.id) <your answer>\". (Say \"questions off\" to stop these.)"
    }

    static func thread(_ question: PeerQuestion, answers: [PeerAnswer]) -> String {
        var text = "\(question.id) from \(SafeText.neutralise(question.askerName)): \(SafeText.neutralise(question.text))"
        if question.closedAt != nil { text += " (closed)" }
        if question.promotedBy != nil { text += "\nIn the knowledge base." }
        if answers.isEmpty { return text + "\nNo answers yet." }
        for answer in answers {
            let mark = answer.id == question.accepted ? " ✓ accepted" : ""
            text += "\n\(answer.id) by \(SafeText.neutralise(answer.authorName)) (\(answer.voters.count) votes)\(mark): \(SafeText.neutralise(answer.text))"
        }
        return text
    }
}
