import Foundation

/// Priority skills from 360s and assessments: `my skills`.
extension Command {
    static let assessments: [Command] = [
        Command(words: [["my", "skills"], ["my", "priorities"], ["my", "priority", "skills"], ["skills"], ["my", "gaps"], ["my", "skill", "gaps"],
                        ["my", "360"], ["my", "360", "results"], ["my", "development", "areas"], ["what", "are", "my", "gaps"],
                        ["what", "are", "my", "priority", "skills"], ["what", "are", "my", "priorities"], ["what", "should", "i", "work", "on"]], arguments: .none, access: .directOnly,
                section: .coaching, help: "help_my_skills") { session, call in
            session.mySkills(for: call.person)
        },
    ]
}
