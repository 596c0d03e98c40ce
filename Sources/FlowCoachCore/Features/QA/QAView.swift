/// How Q&A posts appear in chat. The words are in `Prompts/messages.yaml`; everything a person
/// wrote passes through `SafeText` (a template's `{{value}}` does that).
enum QAView {
    static func line(_ question: PeerQuestion) -> String {
        "• \(question.id): \(SafeText.neutralise(question.text))"
    }

    /// "#negotiation #pricing", or nil when the question has no tags.
    static func tags(_ question: PeerQuestion) -> String? {
        question.tags.isEmpty ? nil : question.tags.map { "#\($0)" }.joined(separator: " ")
    }

    /// Whether `word` (the one after "ask") asks to keep the asker's name off: "anonymously",
    /// "anonymous", "anon", with punctuation or a typo after "anonym" ("anonymously:", "(anon)", "anonymusly").
    static func saysAnonymously(_ word: String?) -> Bool {
        guard let raw = word else { return false }
        let bare = raw.trimmedPunctuation
        // A bare "anonymous" may be the question's own first word ("ask anonymous surveys: worth
        // it?"); with a colon or brackets ("anonymous:", "(anonymous)") it asks for anonymity.
        if bare == "anonymous" { return raw != bare }
        // A misspelling of "anonymously" is still a wish not to be named: better unnamed by mistake than named.
        return bare == "anon" || Typo.distance(bare.lowercased(), "anonymously") <= 2
    }

    /// The question id a board post names, from the post's text: `qa_board_post` begins
    /// "Question {{id}}", so a threaded reply can be matched to its question.
    static func questionID(inBoardPost text: String) -> String? {
        let words = text.split(separator: " ", maxSplits: 2)
        guard words.count >= 2, words[0] == "Question", words[1].first == "q", words[1].dropFirst().allSatisfy(\.isNumber) else { return nil }
        return String(words[1])
    }
}

extension Session {
    /// The board post; its first words name the question so a threaded reply can be matched to it.
    func boardPost(_ question: PeerQuestion) -> String {
        var values: [String: Any] = ["id": question.id, "asker": question.askerName, "anonymous": question.hidesAsker, "text": question.text]
        values["tags"] = QAView.tags(question)
        return message("qa_board_post", values)
    }

    /// The direct message asking an expert to answer.
    func expertRequest(_ question: PeerQuestion) -> String {
        message("qa_expert_request", ["id": question.id, "asker": question.askerName, "anonymous": question.hidesAsker, "text": question.text])
    }

    /// A question with its answers, for `show <question id>`.
    func thread(_ question: PeerQuestion, answers: [PeerAnswer]) -> String {
        var rows = [message("qa_thread_question", [
            "id": question.id, "asker": question.askerName, "anonymous": question.hidesAsker, "text": question.text, "closed": question.closedAt != nil,
        ])]
        if question.promotedBy != nil { rows.append(message("qa_thread_promoted")) }
        if answers.isEmpty { rows.append(message("qa_thread_no_answers")) }
        for answer in answers {
            rows.append(message("qa_thread_answer", [
                "id": answer.id, "author": answer.authorName, "votes": answer.voters.count, "one": answer.voters.count == 1,
                "accepted": answer.id == question.accepted, "text": answer.text,
            ]))
        }
        return rows.joined(separator: "\n")
    }
}

extension Messages {
    /// Whether the board post (`qa_board_post`) begins "Question {{id}}", the words a reply in its
    /// thread is matched to the question by (`flowcoach validate` checks).
    public var boardPostNamesItsQuestion: Bool {
        guard let post = text("qa_board_post") else { return true }
        return [false, true].allSatisfy { anonymous in
            QAView.questionID(inBoardPost: post.render(["id": "q12", "asker": "Ana", "anonymous": anonymous, "text": "How?", "tags": "#x"]).trimmed) == "q12"
        }
    }
}
