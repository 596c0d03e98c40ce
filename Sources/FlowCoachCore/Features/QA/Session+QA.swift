import Foundation

/// The peer Q&A board: ask, route to experts, answer, vote, accept.
extension Session {
    var qa: QASettings { content.settings.qa }

    func isAdmin(_ person: Person) -> Bool { content.settings.admins.contains(person.id) }

    /// `ask <question>`: shows answered look-alikes first; `post it` then posts anyway.
    /// `ask anonymously <question>`: no one is shown who asked.
    mutating func ask(_ text: String, anonymously: Bool = false, for person: Person, room: String) {
        guard !text.isEmpty else {
            say("qa_ask_usage", for: person)
            return
        }
        guard text.count <= qa.maxLength else {
            say("qa_question_too_long", ["limit": qa.maxLength], for: person)
            return
        }
        let similar = similarAnswered(text)
        guard similar.isEmpty else {
            hold(text, anonymously: anonymously, for: person)
            say("qa_similar", ["list": similar.map(QAView.line).joined(separator: "\n")], for: person)
            return
        }
        post(text, anonymously: anonymously, for: person, room: room)
    }

    /// Keeps a question for `post it`.
    mutating func hold(_ text: String, anonymously: Bool, for person: Person) {
        var profile = profile(person)
        profile.pendingQuestion = text
        profile.pendingAnonymous = anonymously ? true : nil
        draft.put(profile)
    }

    /// `post it` (or `post it anonymously`): posts the question held back.
    mutating func postPending(anonymously: Bool = false, for person: Person, room: String) {
        var profile = profile(person)
        guard let text = profile.pendingQuestion else {
            say("qa_nothing_pending", for: person)
            return
        }
        let anonymous = anonymously || profile.pendingAnonymous == true
        profile.pendingQuestion = nil
        profile.pendingAnonymous = nil
        draft.put(profile)
        post(text, anonymously: anonymous, for: person, room: room)
    }

    /// Counts a post against the person's hourly rate; false (with a reply) when over it.
    mutating func allowPost(by person: Person) -> Bool {
        var profile = profile(person)
        let recent = profile.postedAt.filter { now.timeIntervalSince($0) < 3600 }
        guard recent.count < qa.postsPerHour else {
            let wait = Int((3600 - now.timeIntervalSince(recent[0])) / 60) + 1
            say("qa_posting_limit", ["count": qa.postsPerHour, "minutes": wait], for: person)
            return false
        }
        profile.postedAt = recent + [now]
        draft.put(profile)
        return true
    }

    mutating func post(_ text: String, anonymously: Bool = false, for person: Person, room: String) {
        guard allowPost(by: person) else {
            hold(text, anonymously: anonymously, for: person)
            say("qa_question_kept", for: person)
            return
        }
        let id = nextID("q", exists: { draft.question($0) != nil })
        let tags = topics(of: text)
        // An anonymous question keeps who asked (to tell them of answers and let them accept,
        // edit or close it) but not their name; the audit log records who it was.
        var question = PeerQuestion(
            id: id, asker: person.id, askerName: anonymously ? "" : person.displayName, room: room, text: text, tags: tags, askedAt: now,
            routedTo: [])
        question.about = questionTopics.skills(of: text)
        if anonymously {
            question.anonymous = true
            draft.put(AuditEntry(actor: person.id, command: "ask anonymously \(id)", room: room, at: now, allowed: true,
                                 event: (inbound?.eventID ?? "local") + ".anonymous"))
        }
        let experts = route(question, count: qa.expertsPerQuestion)
        question.routedTo = experts
        draft.put(question)
        if let board = qa.boardRoom {
            notices.append((board, boardPost(question)))
        }
        var values: [String: Any] = [
            "id": id, "count": experts.count, "one": experts.count == 1, "board": qa.boardRoom != nil, "anonymous": anonymously,
        ]
        values["tags"] = QAView.tags(question)
        say(experts.isEmpty ? "qa_posted_open" : "qa_posted_to_experts", values, for: person)
        if anonymously { say("qa_anonymous_note", for: person) }
    }

    /// Sends `question` to up to `count` experts it has not reached yet; returns everyone it has reached.
    mutating func route(_ question: PeerQuestion, count: Int) -> [String] {
        let points = Reputation(answers: draft.base.answers.values, questions: draft.base.questions, settings: qa)
        let ranked = ExpertRouting.rank(
            question, profiles: draft.base.profiles.values.map { draft.profile($0.id) ?? $0 }, points: points, cap: qa.expertDailyCap, now: now,
            relevance: relevance(to: question))
        var reached = question.routedTo
        for var expert in ranked.prefix(count) {
            guard let room = expert.room else { continue }
            expert.routedAt = expert.routedAt.filter { now.timeIntervalSince($0) < 86_400 } + [now]
            draft.put(expert)
            reached.append(expert.id)
            notices.append((room, expertRequest(question)))
        }
        return reached
    }

    /// `answer <id> <text>`, or a threaded reply to the question's board post.
    mutating func answerQuestion(_ id: String, text: String, for person: Person) {
        guard let question = draft.question(id), !question.hidden else {
            say("qa_no_question", ["id": id], for: person)
            return
        }
        guard question.closedAt == nil else {
            say("qa_question_closed", ["id": id, "asker": question.askerName, "anonymous": question.hidesAsker], for: person)
            return
        }
        guard text.count <= qa.maxLength else {
            say("qa_answer_too_long", ["limit": qa.maxLength], for: person)
            return
        }
        guard allowPost(by: person) else { return }
        let answerID = nextID("a", exists: { draft.answer($0) != nil })
        draft.put(PeerAnswer(id: answerID, question: id, author: person.id, authorName: person.displayName, text: text, at: now))
        say("qa_answer_sent", ["id": answerID, "asker": question.askerName, "anonymous": question.hidesAsker], for: person)
        if question.asker != person.id {
            notices.append((question.room, message("qa_answer_arrived", ["author": person.displayName, "question": id, "id": answerID, "text": text])))
        }
    }

    mutating func vote(_ id: String, for person: Person) {
        guard var answer = draft.answer(id), !answer.hidden else {
            say("qa_no_answer", ["id": id], for: person)
            return
        }
        guard answer.author != person.id else {
            say("qa_own_answer_vote", for: person)
            return
        }
        guard !answer.voters.contains(person.id) else {
            say("qa_already_voted", ["id": id], for: person)
            return
        }
        answer.voters.append(person.id)
        draft.put(answer)
        say("qa_vote_counted", ["id": id, "votes": answer.voters.count, "one": answer.voters.count == 1], for: person)
        if let question = draft.question(answer.question) { promoteByVotes(question, answer) }
    }

    mutating func accept(_ id: String, for person: Person) {
        guard let answer = draft.answer(id), !answer.hidden, var question = draft.question(answer.question) else {
            say("qa_no_answer", ["id": id], for: person)
            return
        }
        guard question.asker == person.id || isAdmin(person) else {
            say("qa_accept_not_yours", ["question": question.id], for: person)
            return
        }
        let replaced = question.accepted.flatMap { $0 == id ? nil : $0 }
        question.accepted = id
        draft.put(question)
        say("qa_accepted", ["id": id, "question": question.id], for: person)
        // Accepting another answer replaces the first: say so rather than swap it silently.
        if let replaced { say("qa_accepted_instead", ["id": id, "previous": replaced]) }
        if answer.author != person.id, let room = draft.profile(answer.author)?.room {
            notices.append((room, message("qa_answer_accepted", ["id": id, "question": question.id, "points": qa.acceptedPoints])))
        }
        promoteByVotes(question, answer)
    }

    mutating func expertise(_ rest: String, for person: Person) {
        var profile = profile(person)
        let words = rest.split(separator: " ").map(String.init)
        var skills = profile.expertise ?? []
        if words.first == "add", words.count > 1 {
            for skill in words.dropFirst() where !skills.contains(skill) { skills.append(skill) }
        } else if words.first == "remove", words.count > 1 {
            skills.removeAll { words.dropFirst().contains($0) }
        } else if !rest.isEmpty {
            say("qa_expertise_usage", for: person)
            return
        }
        profile.expertise = skills
        draft.put(profile)
        say(skills.isEmpty ? "qa_expertise_none" : "qa_expertise_list", ["skills": skills.joined(separator: ", ")], for: person)
    }

    /// `questions off` / `questions on`: whether peer questions are routed to this person.
    mutating func routing(enabled: Bool, for person: Person) {
        var profile = profile(person)
        profile.questionsOff = !enabled
        draft.put(profile)
        say(enabled ? "qa_routing_on" : "qa_routing_off", ["cap": qa.expertDailyCap], for: person)
    }

    mutating func openQuestions(for person: Person) {
        let mine = Set(profile(person).expertise ?? [])
        // Every open question is anyone's to answer; those sent to the person or in their expertise come first.
        func theirs(_ question: PeerQuestion) -> Bool { question.routedTo.contains(person.id) || !mine.isDisjoint(with: question.tags) }
        let open = draft.base.questions.values.filter { $0.isOpen && $0.accepted == nil && $0.asker != person.id }
            .sorted { a, b in
                let (inA, inB) = (theirs(a), theirs(b))
                return inA != inB ? inA : (a.askedAt, a.id) > (b.askedAt, b.id)
            }.prefix(10)
        say(open.isEmpty ? "qa_open_none" : "qa_open_list", ["list": open.map(QAView.line).joined(separator: "\n")], for: person)
    }

    mutating func myQuestions(for person: Person) {
        let mine = draft.base.questions.values.filter { $0.asker == person.id && !$0.hidden }.sorted { ($0.askedAt, $0.id) > ($1.askedAt, $1.id) }.prefix(10)
        guard !mine.isEmpty else { return say("qa_mine_none", for: person) }
        let list = mine.map { question in
            let count = answers(to: question.id).count
            let closed = question.closedAt != nil
            return message("qa_mine_row", [
                "id": question.id, "text": question.text, "answers": count, "one": count == 1, "closed": closed,
                "accepted": !closed && question.accepted != nil, "anonymous": question.anonymous == true,
            ])
        }
        say("qa_mine_list", ["list": list.joined(separator: "\n")], for: person)
    }

    /// Visible answers to `question`, most votes first.
    func answers(to question: String) -> [PeerAnswer] {
        draft.base.answers.values.filter { $0.question == question && !$0.hidden }.sorted { ($0.voters.count, $1.id) > ($1.voters.count, $0.id) }
    }

    /// Answered questions that look like `text`, best first (BM25 over question, tags and accepted
    /// answer). `ask` offers only close look-alikes (scoring over `minimum`); `search` lists any match.
    func similarAnswered(_ text: String, limit: Int = 3, minimum: Double = 1) -> [PeerQuestion] {
        draft.base.answeredIndex.search(text, limit: limit, above: minimum).compactMap { draft.base.questions[$0.id] }
    }

    /// Skills and tags a question is about: `#tags`, plus knowledge skills and tags named in it.
    func topics(of text: String) -> [String] {
        var topics: [String] = []
        for word in text.split(whereSeparator: \.isWhitespace) where word.hasPrefix("#") {
            let tag = word.dropFirst().prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }.lowercased()
            if !tag.isEmpty, !topics.contains(tag) { topics.append(tag) }
        }
        let stems = Set(SearchTokenizer.terms(text))
        let known = Set(content.knowledge.flatMap { $0.skills + $0.tags } + content.dialogs.map(\.skill))
        for topic in known.sorted() where !topics.contains(topic) {
            let parts = SearchTokenizer.terms(topic.replacingOccurrences(of: "-", with: " "))
            if !parts.isEmpty, parts.allSatisfy(stems.contains) { topics.append(topic) }
        }
        return topics
    }

    func nextID(_ prefix: String, exists: (String) -> Bool) -> String {
        let count = prefix == "q" ? draft.base.questions.count : draft.base.answers.count
        var number = count + 1
        while exists("\(prefix)\(number)") { number += 1 }
        return "\(prefix)\(number)"
    }
}
