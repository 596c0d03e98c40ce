import Foundation

/// Priority skills from 360s and assessments: `my skills`.
extension Command {
    static let assessments: [Command] = [
        Command(words: [["my", "skills"], ["my", "priorities"], ["my", "priority", "skills"]], arguments: .none, access: .directOnly,
                section: .coaching, help: "help_my_skills") { session, call in
            session.mySkills(for: call.person)
        },
    ]
}
