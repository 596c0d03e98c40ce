import Foundation

/// Spaced-repetition practice on demand.
extension Command {
    static let practice: [Command] = [
        Command(words: [["practice"], ["practise"]], arguments: .optional, section: .practice, help: "help_practice") { session, call in
            session.startPractice(skill: call.rest.isEmpty ? nil : call.rest, for: call.person, prompted: false)
        },
        Command(words: [["rehearse"], ["roleplay"]], arguments: .optional, section: .practice, help: "help_rehearse") { session, call in
            session.rehearse(call.rest, for: call.person, room: call.room)
        },
    ]
}

extension Session {
    /// `rehearse <skill>`: the coach plays the other side of a short scene; `rehearse` lists them.
    mutating func rehearse(_ name: String, for person: Person, room: String) {
        let scenes = content.dialogs.filter { $0.rehearses != nil }
        let list = scenes.map { message("rehearse_row", ["title": $0.title, "skill": $0.rehearses ?? ""]) }.joined(separator: "\n")
        guard !scenes.isEmpty else { return say("rehearse_none") }
        guard !name.isEmpty else { return say("rehearse_list", ["list": list]) }
        // "the angry client", "for my review", "negotiating": each word that carries meaning, by stem.
        let words = TextNormalizer.words(name).filter { !Lexicon.stopWords.contains($0) }.map(Stemmer.stem)
        guard !words.isEmpty, let scene = scenes.first(where: { scene in
            let names = Set(TextNormalizer.words([scene.id, scene.rehearses ?? "", scene.title, scene.skill].joined(separator: " ")).map(Stemmer.stem))
            return words.allSatisfy { word in names.contains { $0 == word || ($0.hasPrefix(word) && word.count >= 4) } }
        }) else {
            return say("rehearse_unknown", ["name": name, "list": list])
        }
        start(scene, for: person, room: room)
    }
}
