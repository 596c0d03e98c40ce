import Foundation

/// Commands that work anywhere: help, cancel, back, resume, search, show, ratings, role.
extension Session {
    /// Handles `said` if it is a command; returns false when it is not one.
    mutating func command(_ said: Utterance, active: Conversation?, for person: Person, room: String) -> Bool {
        let normalized = said.normalized
        // Arguments used as ids and names are echoed in replies ("There's no answer ..."): inert from the start.
        let rest = SafeText.neutralise(said.rest(from: 1))
        let id = SafeText.neutralise(said.word(1) ?? "")
        switch normalized {
        case "questions":
            openQuestions(for: person)
        case "my questions":
            myQuestions(for: person)
        case "expertise":
            expertise("", for: person)
        case "post it":
            postPending(for: person, room: room)
        case "questions off", "questions on":
            routing(enabled: normalized == "questions on", for: person)
        case "leaderboard":
            leaderboard()
        case "practice":
            startPractice(skill: nil, for: person, prompted: false)
        case "programs":
            listPrograms()
        case "progress", "my progress":
            progress(for: person)
        case "my data":
            myData(for: person)
        case "forget me":
            forgetMe(for: person)
        case "help", "?", "menu":
            say(content.messages.help, for: person)
        case "cancel", "stop", "cancel dialog":
            if let active {
                close(active, completed: false)
                say(content.messages.cancelled, ["dialog": content.dialog(active.dialogID)?.title ?? active.dialogID], for: person)
            } else {
                say(content.messages.nothingToCancel, for: person)
            }
        case "back":
            guard let active, let dialog = content.dialog(active.dialogID) else {
                say(content.messages.text("nothing_to_resume"), for: person)
                return true
            }
            goBack(active, in: dialog, for: person)
        case "resume", "where were we":
            guard let active, let dialog = content.dialog(active.dialogID), let step = dialog.step(active.stepID) ?? confidenceStep(active) else {
                say(content.messages.text("nothing_to_resume"), for: person)
                return true
            }
            resume(dialog, at: step, conversation: active, for: person)
        case "helpful", "useful", "👍", "+1", "not helpful", "unhelpful", "not useful", "👎", "-1":
            rate(helpful: ["helpful", "useful", "👍", "+1"].contains(normalized), for: person)
        default:
            switch said.word(0) {
            case "search" where !rest.isEmpty:
                search(said.text(from: 1), for: person)
            case "show" where !rest.isEmpty:
                if let question = draft.question(rest), !question.hidden || isAdmin(person) { lines.append(QAView.thread(question, answers: answers(to: question.id))) } else { show(rest, for: person) }
            case "ask" where !rest.isEmpty:
                ask(said.text(from: 1), for: person, room: room)
            case "answer" where said.words.count >= 3:
                answerQuestion(id, text: said.text(from: 2), for: person)
            case "vote" where !rest.isEmpty:
                vote(rest, for: person)
            case "accept" where !rest.isEmpty:
                accept(rest, for: person)
            case "close" where Self.isPostID(rest), "reopen" where Self.isPostID(rest):
                setClosed(said.word(0) == "close", rest, for: person)
            case "hide" where Self.isPostID(rest), "unhide" where Self.isPostID(rest):
                setHidden(said.word(0) == "hide", rest, for: person)
            case "promote" where Self.isPostID(rest):
                promote(rest, for: person)
            case "edit" where said.words.count >= 3 && Self.isPostID(id):
                edit(id, text: said.text(from: 2), for: person)
            case "expertise":
                expertise(rest, for: person)
            case "post" where rest == "it":
                postPending(for: person, room: room)
            case "questions":
                openQuestions(for: person)
            case "my" where rest == "questions":
                myQuestions(for: person)
            case "practice" where !rest.isEmpty:
                startPractice(skill: rest, for: person, prompted: false)
            case "applied":
                applied(said.text(from: 1), for: person)
            case "admin":
                admin(said, for: person)
            case "join" where !rest.isEmpty:
                join(rest, for: person)
            case "role" where said.words.count == 2:
                var profile = profile(person)
                profile.role = rest
                draft.put(profile)
                say(content.messages.text("role_set"), ["role": rest], for: person)
            default:
                return nudgeCommand(normalized, for: person)
            }
        }
        return true
    }

    /// `q12` or `a7`: the ids the Q&A board hands out.
    static func isPostID(_ text: String) -> Bool {
        guard let first = text.first, first == "q" || first == "a", text.count > 1 else { return false }
        return text.dropFirst().allSatisfy(\.isNumber)
    }

    /// Searches the knowledge base and the answered questions of the Q&A board.
    mutating func search(_ query: String, for person: Person) {
        let hits = content.index.search(query, limit: 5)
        let answered = similarAnswered(query)
        guard !hits.isEmpty || !answered.isEmpty else {
            say(content.messages.text("no_results"), ["query": query], for: person)
            return
        }
        say(content.messages.text("search_results"), ["query": query], for: person)
        // Answers an admin promoted count as knowledge, credited to their author.
        let promoted = answered.filter { $0.promotedBy != nil }
        let knowledge = promoted.map(promotedLine) + hits.map { KnowledgeView.line(content.knowledge[$0.index]) }
        if !knowledge.isEmpty { lines.append(knowledge.joined(separator: "\n")) }
        let peers = answered.filter { $0.promotedBy == nil }
        if !peers.isEmpty {
            say("search_peer_answers", ["list": peers.map(QAView.line).joined(separator: "\n")], for: person)
        }
    }

    func promotedLine(_ question: PeerQuestion) -> String {
        let author = question.accepted.flatMap { draft.answer($0) }.map { SafeText.neutralise($0.authorName) } ?? "a colleague"
        return "• \(SafeText.neutralise(question.text)) (answer by \(author), from the Q&A board): say \"show \(question.id)\" to read it."
    }

    mutating func show(_ id: String, for person: Person) {
        guard let item = content.knowledgeItem(id) else {
            say(content.messages.text("unknown_item"), ["id": id], for: person)
            return
        }
        lines.append(KnowledgeView.full(item))
        var profile = profile(person)
        profile.saw(item.id)
        draft.put(profile)
        say(content.messages.text("rate_prompt"), for: person)
    }

    mutating func rate(helpful: Bool, for person: Person) {
        guard let item = profile(person).lastShown else {
            say(content.messages.text("nothing_to_rate"), for: person)
            return
        }
        draft.put(Rating(user: person.id, item: item, helpful: helpful, at: now))
        say(content.messages.text("rated"), for: person)
    }

    mutating func askToSwitch(from active: Conversation, to dialog: Dialog, for person: Person) {
        var conversation = active
        conversation.pendingSwitch = dialog.id
        conversation.updatedAt = now
        draft.put(conversation)
        let current = content.dialog(active.dialogID)?.title ?? active.dialogID
        say(content.messages.text("switch_confirm"), ["current": current, "next": dialog.title], for: person)
    }

    mutating func confirmSwitch(_ normalized: String, to target: String, from active: Conversation, for person: Person, room: String) {
        var conversation = active
        conversation.pendingSwitch = nil
        switch AnswerCheck.check(normalized, against: .yesNo) {
        case .accepted("yes"):
            close(active, completed: false)
            if let dialog = content.dialog(target) { start(dialog, for: person, room: room) }
        case .accepted:
            draft.put(conversation)
            guard let dialog = content.dialog(active.dialogID) else { return }
            say(content.messages.text("switch_declined"), ["dialog": dialog.title], for: person)
            if let step = dialog.step(active.stepID) ?? confidenceStep(active), case .ask(let question) = step.action {
                ask(question, dialog, conversation, for: person)
            }
        case .rejected(let reason):
            lines.append(reason)
        }
    }

    /// Re-asks the previous question.
    mutating func goBack(_ active: Conversation, in dialog: Dialog, for person: Person) {
        var conversation = active
        var history = conversation.history ?? []
        guard let previous = history.popLast(), let step = dialog.step(previous), case .ask(let question) = step.action else {
            if let step = dialog.step(active.stepID), case .ask(let question) = step.action { ask(question, dialog, conversation, for: person) }
            return
        }
        conversation.history = history
        conversation.stepID = previous
        conversation.retries = 0
        conversation.updatedAt = now
        draft.put(conversation)
        ask(question, dialog, conversation, for: person)
    }

    /// Ends a conversation, recording how its run finished.
    mutating func close(_ conversation: Conversation, completed: Bool) {
        if draft.conversation(conversation.id) != nil { draft.delete(Conversation.self, id: conversation.id) }
        if let runID = conversation.runID, var run = draft.run(runID) {
            run.endedAt = now
            run.completed = completed
            if let before = conversation.slots["confidence_before"].flatMap(Int.init) { run.confidenceBefore = before }
            if let after = conversation.slots["confidence_after"].flatMap(Int.init) { run.confidenceAfter = after }
            draft.put(run)
        }
    }
}
