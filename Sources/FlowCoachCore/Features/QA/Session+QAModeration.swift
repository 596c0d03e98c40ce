import Foundation

/// Q&A lifecycle: close, reopen, edit, hide (admins), promote into the knowledge base, leaderboard.
extension Session {
    /// `close <q>` / `reopen <q>`, by the asker or an admin.
    mutating func setClosed(_ closed: Bool, _ id: String, for person: Person) {
        guard var question = draft.question(id), !question.hidden || isAdmin(person) else {
            lines.append("There's no question \(id). Say \"my questions\" to see yours.")
            return
        }
        guard question.asker == person.id || isAdmin(person) else {
            lines.append("Only the person who asked \(id) (or an admin) can \(closed ? "close" : "reopen") it.")
            return
        }
        guard (question.closedAt != nil) != closed else {
            lines.append("\(id) is already \(closed ? "closed" : "open").")
            return
        }
        question.closedAt = closed ? now : nil
        draft.put(question)
        lines.append(closed ? "Closed \(id). It takes no more answers; \"reopen \(id)\" opens it again." : "Reopened \(id); colleagues can answer it again.")
    }

    /// `edit <q|a> <text>`: the author changes their own question (while it is open) or answer.
    mutating func edit(_ id: String, text: String, for person: Person) {
        guard text.count <= qa.maxLength else {
            lines.append("Posts can be up to \(qa.maxLength) characters. Could you shorten it?")
            return
        }
        if var question = draft.question(id), !question.hidden {
            guard question.asker == person.id else { return notYours(id) }
            guard question.closedAt == nil else {
                lines.append("\(id) is closed; \"reopen \(id)\" first to edit it.")
                return
            }
            question.text = text
            question.tags = topics(of: text)
            question.editedAt = now
            draft.put(question)
        } else if var answer = draft.answer(id), !answer.hidden {
            guard answer.author == person.id else { return notYours(id) }
            answer.text = text
            answer.editedAt = now
            draft.put(answer)
        } else {
            lines.append("There's no question or answer \(id).")
            return
        }
        lines.append("Updated \(id).")
    }

    private mutating func notYours(_ id: String) {
        lines.append("You can only edit your own posts, and \(id) isn't yours.")
    }

    /// `hide <q|a>` / `unhide <q|a>`: admins take a post out of every listing, search and routing.
    mutating func setHidden(_ hidden: Bool, _ id: String, for person: Person) {
        guard isAdmin(person) else {
            lines.append("Only admins can \(hidden ? "hide" : "unhide") posts.")
            return
        }
        if var question = draft.question(id) {
            question.hidden = hidden
            draft.put(question)
        } else if var answer = draft.answer(id) {
            answer.hidden = hidden
            draft.put(answer)
        } else {
            lines.append("There's no question or answer \(id).")
            return
        }
        lines.append(hidden ? "Hidden \(id). \"unhide \(id)\" brings it back." : "\(id) is visible again.")
    }

    /// `promote <q|a>` (admins): the question's accepted answer joins the knowledge base, credited to its author.
    mutating func promote(_ id: String, for person: Person) {
        guard isAdmin(person) else {
            lines.append("Only admins can add answers to the knowledge base.")
            return
        }
        let question = draft.question(id) ?? draft.answer(id).flatMap { draft.question($0.question) }
        guard var question, !question.hidden else {
            lines.append("There's no question or answer \(id).")
            return
        }
        guard let accepted = question.accepted, let answer = draft.answer(accepted) else {
            lines.append("\(question.id) has no accepted answer yet; accept one first (\"accept <answer id>\").")
            return
        }
        question.promotedBy = person.id
        draft.put(question)
        lines.append("Added \(question.id) to the knowledge base, credited to \(SafeText.neutralise(answer.authorName)). \"search\" now lists it with the job aids.")
    }

    /// The configurable rule: an accepted answer with enough votes joins the knowledge base by itself.
    mutating func promoteByVotes(_ question: PeerQuestion, _ answer: PeerAnswer) {
        guard let threshold = qa.promoteAtVotes, question.promotedBy == nil, question.accepted == answer.id || draft.question(question.id)?.accepted == answer.id,
            answer.voters.count >= threshold, var current = draft.question(question.id)
        else { return }
        current.promotedBy = "auto"
        draft.put(current)
        lines.append("\(question.id)'s accepted answer has \(answer.voters.count) votes, so it's now in the knowledge base.")
    }

    mutating func leaderboard() {
        guard qa.leaderboard else {
            lines.append("The leaderboard is turned off here.")
            return
        }
        let reputation = Reputation(answers: draft.base.answers.values, questions: draft.base.questions, settings: qa)
        let leaders = reputation.leaders(10)
        guard !leaders.isEmpty else {
            lines.append("No points yet: answers that get accepted (+\(qa.acceptedPoints)) or upvoted (+\(qa.votePoints)) earn them.")
            return
        }
        let rows = leaders.enumerated().map { rank, leader in
            let name = draft.user(leader.person)?.displayName ?? leader.person
            return "\(rank + 1). \(SafeText.neutralise(name)): \(leader.points) points (\(reputation.accepted[leader.person] ?? 0) accepted, \(reputation.votes[leader.person] ?? 0) votes)"
        }
        lines.append("Most helpful colleagues:\n" + rows.joined(separator: "\n"))
    }
}
