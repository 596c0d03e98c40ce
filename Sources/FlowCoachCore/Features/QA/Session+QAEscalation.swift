import Foundation

/// Unanswered questions do not sit forgotten: past `qa.escalateAfterHours` without an answer
/// they go to more experts, to the board and to the admins, and the asker hears about it.
extension Session {
    /// When `question` is due for escalation, or nil when it never will be.
    static func escalationDue(_ question: PeerQuestion, hasAnswers: Bool, settings: QASettings) -> Date? {
        guard question.isOpen, question.escalatedAt == nil, question.accepted == nil, !hasAnswers else { return nil }
        return question.askedAt.addingTimeInterval(settings.escalateAfterHours * 3600)
    }

    /// Escalates every question now due; returns the messages it sends.
    mutating func escalateUnanswered() -> [Outbound] {
        var sent: [Outbound] = []
        let answered = Set(draft.base.answers.values.lazy.filter { !$0.hidden }.map(\.question))
        let due = draft.base.questions.values
            .filter { Self.escalationDue($0, hasAnswers: answered.contains($0.id), settings: qa).map { $0 <= now } ?? false }
            .sorted { ($0.askedAt, $0.id) < ($1.askedAt, $1.id) }
        for var question in due {
            notices = []
            let before = question.routedTo.count
            question.routedTo = route(question, count: qa.expertsPerQuestion)
            question.escalatedAt = now
            draft.put(question)
            let hours = Int(qa.escalateAfterHours)
            if let board = qa.boardRoom {
                notices.append((board, message("qa_escalated_board", ["hours": hours]) + " " + boardPost(question)))
            }
            for admin in content.settings.admins where admin != question.asker {
                if let room = draft.profile(admin)?.room {
                    notices.append((room, message("qa_escalated_coaches", ["question": question.id, "hours": hours]) + " " + expertRequest(question)))
                }
            }
            let more = question.routedTo.count - before
            notices.append((question.room, message("qa_escalated_asker", ["question": question.id, "asked": more > 0, "more": more, "one": more == 1, "board": qa.boardRoom != nil])))
            for (index, notice) in notices.enumerated() {
                let message = Outbound(id: "\(question.id).escalated.n\(index + 1)", room: notice.room, text: notice.text)
                draft.put(message)
                sent.append(message)
            }
        }
        notices = []
        return sent
    }
}
