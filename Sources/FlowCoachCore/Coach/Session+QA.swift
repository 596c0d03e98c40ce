import Foundation

/// The peer Q&A board: ask, route to experts, answer, vote, accept.
extension Session {
    /// How many experts a new question is sent to.
    static let expertsPerQuestion = 3
    static let maxQuestionLength = 1000

    /// `ask <question>`: shows answered look-alikes first; `post it` then posts anyway.
    mutating func ask(_ text: String, for person: Person, room: String) {
        guard text.count <= Self.maxQuestionLength else {
            lines.append("Questions can be up to \(Self.maxQuestionLength) characters. Could you shorten it?")
            return
        }
        let similar = similarAnswered(text)
        guard similar.isEmpty else {
            var profile = profile(person)
            profile.pendingQuestion = text
            draft.put(.profile(profile))
            lines.append("Colleagues have already answered similar questions:\n" + similar.map(QAView.line).joined(separator: "\n")
                + "\nSay \"show <id>\" to read one, or \"post it\" to ask yours anyway.")
            return
        }
        post(text, for: person, room: room)
    }

    mutating func postPending(for person: Person, room: String) {
        var profile = profile(person)
        guard let text = profile.pendingQuestion else {
            lines.append("There's no question waiting. Say \"ask <your question>\".")
            return
        }
        profile.pendingQuestion = nil
        draft.put(.profile(profile))
        post(text, for: person, room: room)
    }

    mutating func post(_ text: String, for person: Person, room: String) {
        let id = nextID("q", exists: { draft.question($0) != nil })
        let tags = topics(of: text)
        let experts = draft.base.profiles.values
            .filter { $0.id != person.id && $0.room != nil && !Set($0.expertise ?? []).isDisjoint(with: tags) }
            .sorted { $0.id < $1.id }
            .prefix(Self.expertsPerQuestion)
        let question = PeerQuestion(
            id: id, asker: person.id, askerName: person.displayName, room: room, text: text, tags: tags, askedAt: now,
            routedTo: experts.map(\.id))
        draft.put(.question(question))
        for expert in experts {
            notices.append((expert.room!, "A colleague, \(SafeText.neutralise(person.displayName)), asks (\(id)): \(SafeText.neutralise(text))\nReply with \"answer \(id) <your answer>\"."))
        }
        let routed = experts.isEmpty ? "No one has declared expertise in it yet; colleagues will see it under \"questions\"." : "I've asked \(experts.count) colleague\(experts.count == 1 ? "" : "s") who know the topic."
        lines.append("Posted as \(id). \(routed) I'll tell you when an answer arrives.")
    }

    mutating func answerQuestion(_ id: String, text: String, for person: Person) {
        guard let question = draft.question(id) else {
            lines.append("There's no question \(id). Say \"questions\" to see open ones.")
            return
        }
        guard text.count <= Self.maxQuestionLength else {
            lines.append("Answers can be up to \(Self.maxQuestionLength) characters.")
            return
        }
        let answerID = nextID("a", exists: { draft.answer($0) != nil })
        draft.put(.answer(PeerAnswer(id: answerID, question: id, author: person.id, authorName: person.displayName, text: text, at: now)))
        lines.append("Thanks, your answer (\(answerID)) is with \(SafeText.neutralise(question.askerName)).")
        if question.asker != person.id {
            notices.append((question.room, "\(SafeText.neutralise(person.displayName)) answered your question \(id) (\(answerID)): \(SafeText.neutralise(text))\nSay \"accept \(answerID)\" if it solved it."))
        }
    }

    mutating func vote(_ id: String, for person: Person) {
        guard var answer = draft.answer(id) else {
            lines.append("There's no answer \(id).")
            return
        }
        guard answer.author != person.id else {
            lines.append("You can't vote for your own answer.")
            return
        }
        guard !answer.voters.contains(person.id) else {
            lines.append("You've already voted for \(id).")
            return
        }
        answer.voters.append(person.id)
        draft.put(.answer(answer))
        lines.append("Vote counted: \(id) has \(answer.voters.count) vote\(answer.voters.count == 1 ? "" : "s").")
    }

    mutating func accept(_ id: String, for person: Person) {
        guard let answer = draft.answer(id), var question = draft.question(answer.question) else {
            lines.append("There's no answer \(id).")
            return
        }
        guard question.asker == person.id || content.settings.admins.contains(person.id) else {
            lines.append("Only the person who asked \(question.id) (or an admin) can accept an answer.")
            return
        }
        question.accepted = id
        draft.put(.question(question))
        lines.append("Accepted \(id) for \(question.id). It will help the next person who asks.")
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
            lines.append("Say \"expertise add <skill>\" or \"expertise remove <skill>\".")
            return
        }
        profile.expertise = skills
        draft.put(.profile(profile))
        lines.append(skills.isEmpty ? "You have no declared expertise. Say \"expertise add negotiation\", for example." : "Your expertise: \(skills.joined(separator: ", ")). Questions on these come to you.")
    }

    mutating func openQuestions(for person: Person) {
        let mine = Set(profile(person).expertise ?? [])
        let open = draft.base.questions.values.filter { $0.accepted == nil && $0.asker != person.id && (mine.isEmpty || !mine.isDisjoint(with: $0.tags)) }
            .sorted { $0.askedAt > $1.askedAt }.prefix(10)
        lines.append(open.isEmpty ? "No open questions for you right now." : "Open questions:\n" + open.map(QAView.line).joined(separator: "\n"))
    }

    mutating func myQuestions(for person: Person) {
        let mine = draft.base.questions.values.filter { $0.asker == person.id }.sorted { $0.askedAt > $1.askedAt }.prefix(10)
        lines.append(mine.isEmpty ? "You haven't asked anything yet. Say \"ask <your question>\"." : "Your questions:\n" + mine.map { question in
            QAView.line(question) + " — \(answers(to: question.id).count) answer(s)" + (question.accepted != nil ? ", accepted" : "")
        }.joined(separator: "\n"))
    }

    func answers(to question: String) -> [PeerAnswer] {
        draft.base.answers.values.filter { $0.question == question }.sorted { ($0.voters.count, $1.id) > ($1.voters.count, $0.id) }
    }

    /// Answered questions that look like `text`, best first (BM25 over question, tags and accepted answer).
    func similarAnswered(_ text: String) -> [PeerQuestion] {
        draft.base.answeredIndex.search(text, limit: 3).filter { $0.score > 1 }.compactMap { draft.base.questions[$0.id] }
    }

    /// Skills and tags a question is about: `#tags`, plus knowledge skills and tags named in it.
    func topics(of text: String) -> [String] {
        var topics = text.split(separator: " ").filter { $0.hasPrefix("#") && $0.count > 1 }.map { String($0.dropFirst()).lowercased() }
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

/// How Q&A posts appear in chat.
enum QAView {
    static func line(_ question: PeerQuestion) -> String {
        "• \(question.id): \(SafeText.neutralise(question.text))"
    }

    static func thread(_ question: PeerQuestion, answers: [PeerAnswer]) -> String {
        var text = "\(question.id) from \(SafeText.neutralise(question.askerName)): \(SafeText.neutralise(question.text))"
        if answers.isEmpty { return text + "\nNo answers yet." }
        for answer in answers {
            let mark = answer.id == question.accepted ? " ✓ accepted" : ""
            text += "\n\(answer.id) by \(SafeText.neutralise(answer.authorName)) (\(answer.voters.count) votes)\(mark): \(SafeText.neutralise(answer.text))"
        }
        return text
    }
}
