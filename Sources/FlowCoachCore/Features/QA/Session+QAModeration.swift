import Foundation

/// Q&A lifecycle: close, reopen, edit, hide (admins), promote into the knowledge base, leaderboard.
extension Session {
    /// `close <q>` / `reopen <q>`, by the asker or an admin.
    mutating func setClosed(_ closed: Bool, _ id: String, for person: Person) {
        guard var question = draft.question(id), !question.hidden || isAdmin(person) else {
            say("qa_no_question_yours", ["id": id])
            return
        }
        guard question.asker == person.id || isAdmin(person) else {
            say(closed ? "qa_close_not_yours" : "qa_reopen_not_yours", ["id": id])
            return
        }
        guard (question.closedAt != nil) != closed else {
            say(closed ? "qa_already_closed" : "qa_already_open", ["id": id])
            return
        }
        question.closedAt = closed ? now : nil
        draft.put(question)
        say(closed ? "qa_closed" : "qa_reopened", ["id": id])
    }

    /// `edit <q|a> <text>`: the author changes their own question (while it is open) or answer.
    mutating func edit(_ id: String, text: String, for person: Person) {
        guard text.count <= qa.maxLength else {
            say("qa_post_too_long", ["limit": qa.maxLength])
            return
        }
        if var question = draft.question(id), !question.hidden {
            guard question.asker == person.id else { return notYours(id) }
            guard question.closedAt == nil else {
                say("qa_edit_closed", ["id": id])
                return
            }
            question.text = text
            question.tags = topics(of: text)
            question.about = questionTopics.skills(of: text)
            question.editedAt = now
            draft.put(question)
        } else if var answer = draft.answer(id), !answer.hidden {
            guard answer.author == person.id else { return notYours(id) }
            answer.text = text
            answer.editedAt = now
            draft.put(answer)
        } else {
            say("qa_no_post", ["id": id])
            return
        }
        say("qa_updated", ["id": id])
    }

    private mutating func notYours(_ id: String) {
        say("qa_edit_not_yours", ["id": id])
    }

    /// `hide <q|a>` / `unhide <q|a>`: admins take a post out of every listing, search and routing.
    mutating func setHidden(_ hidden: Bool, _ id: String, for person: Person) {
        guard isAdmin(person) else {
            say(hidden ? "qa_hide_admins_only" : "qa_unhide_admins_only")
            return
        }
        if var question = draft.question(id) {
            question.hidden = hidden
            draft.put(question)
        } else if var answer = draft.answer(id) {
            answer.hidden = hidden
            draft.put(answer)
        } else {
            say("qa_no_post", ["id": id])
            return
        }
        say(hidden ? "qa_hidden" : "qa_visible", ["id": id])
    }

    /// `promote <q|a>` (admins): the question's accepted answer joins the knowledge base, credited to its author.
    mutating func promote(_ id: String, for person: Person) {
        guard isAdmin(person) else {
            say("qa_promote_admins_only")
            return
        }
        let question = draft.question(id) ?? draft.answer(id).flatMap { draft.question($0.question) }
        guard var question, !question.hidden else {
            say("qa_no_post", ["id": id])
            return
        }
        guard let accepted = question.accepted, let answer = draft.answer(accepted) else {
            say("qa_promote_no_accepted", ["question": question.id])
            return
        }
        // Naming an answer promotes that answer: one that is not the accepted one is refused, with why.
        if let named = draft.answer(id), named.id != accepted {
            say("qa_promote_not_accepted", ["id": id, "question": question.id, "accepted": accepted])
            return
        }
        question.promotedBy = person.id
        draft.put(question)
        say("qa_promoted", ["question": question.id, "author": answer.authorName])
    }

    /// The configurable rule: an accepted answer with enough votes joins the knowledge base by itself.
    mutating func promoteByVotes(_ question: PeerQuestion, _ answer: PeerAnswer) {
        guard let threshold = qa.promoteAtVotes, question.promotedBy == nil, question.accepted == answer.id || draft.question(question.id)?.accepted == answer.id,
            answer.voters.count >= threshold, var current = draft.question(question.id)
        else { return }
        current.promotedBy = "auto"
        draft.put(current)
        say("qa_promoted_by_votes", ["question": question.id, "votes": answer.voters.count])
    }

    mutating func leaderboard() {
        guard qa.leaderboard else {
            say("qa_leaderboard_off")
            return
        }
        let reputation = Reputation(answers: draft.base.answers.values, questions: draft.base.questions, settings: qa)
        let leaders = reputation.leaders(10)
        guard !leaders.isEmpty else {
            say("qa_leaderboard_empty", ["accepted": qa.acceptedPoints, "vote": qa.votePoints])
            return
        }
        let rows = leaders.enumerated().map { rank, leader in
            let name = draft.user(leader.person)?.displayName ?? leader.person
            let votes = reputation.votes[leader.person] ?? 0
            return message("qa_leaderboard_row", [
                "rank": rank + 1, "name": name, "points": leader.points, "one_point": leader.points == 1,
                "accepted": reputation.accepted[leader.person] ?? 0, "votes": votes, "one_vote": votes == 1,
            ])
        }
        say("qa_leaderboard", ["list": rows.joined(separator: "\n")])
    }
}
