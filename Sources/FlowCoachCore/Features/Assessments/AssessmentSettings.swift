import Foundation

/// `Config/assessments.yaml`: how a 360 or assessment export reads (its columns, what it calls
/// each skill, its scale and date format) and what counts as a gap (the target score and how many
/// priority skills each person gets).
public struct AssessmentSettings: Sendable, Equatable {
    /// The header of each column in the export. `rater`, `date` and `flagged` may be missing from a file.
    public struct Columns: Sendable, Equatable {
        public var person = "person"
        public var skill = "skill"
        public var score = "score"
        public var rater = "rater"
        public var date = "date"
        public var flagged = "flagged"

        public init() {}
    }

    /// How the dates in the export are written; `YYYY-MM-DD` (with or without a time) is always read too.
    public enum DateFormat: String, Sendable, CaseIterable {
        case iso = "YYYY-MM-DD"
        case dayFirst = "DD/MM/YYYY"
        case monthFirst = "MM/DD/YYYY"
    }

    public var columns = Columns()
    /// What the export calls a skill, by `AssessmentSettings.key(_:)`, → its skill id. Every skill
    /// id and its words ("giving feedback") are accepted without being listed.
    public var skillNames: [String: String] = [:]
    public var scaleMin = 1.0
    public var scaleMax = 5.0
    /// A skill scored below this (on the export's scale) is a gap.
    public var target = 3.5
    /// How many of the lowest-scoring gaps become a person's priority skills (plus any their manager flagged).
    public var prioritiesPerPerson = 3
    /// How a value of the person column becomes a user id: `{id}` stands for the value
    /// (`@{id}:example.org` when the export holds Matrix names without the server).
    public var personID = "{id}"
    public var dateFormat = DateFormat.iso
    /// What people call the assessment ("360"), shown in `my skills`; nil: the message `assessment_name`.
    public var name: String?

    public init() {}

    /// A name as the export's skill names are matched: lower case, `-` and `_` as spaces, single spaces.
    public static func key(_ name: String) -> String {
        name.lowercased().split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "_" || $0 == "\t" }).joined(separator: " ")
    }

    /// The skill id a name in the export stands for: a configured name, a skill id, or a skill id's words.
    public func skill(named name: String, known: [String]) -> String? {
        let key = Self.key(name)
        if let mapped = skillNames[key] { return mapped }
        return known.first { Self.key($0) == key }
    }

    /// The user id a value of the person column stands for.
    public func userID(_ value: String) -> String {
        personID.replacingOccurrences(of: "{id}", with: value)
    }

    /// A score as people read it: one decimal on a small scale (2.8), whole numbers on a large one (72).
    public func format(_ score: Double) -> String {
        String(format: scaleMax - scaleMin <= 10 ? "%.1f" : "%.0f", score)
    }
}

extension Content {
    /// Every skill the content names: dialogs, practice cards, programs, knowledge and check-ins.
    public var skillIDs: [String] {
        var skills = Set(dialogs.map(\.skill))
        skills.formUnion(learning.cards.map(\.skill))
        for program in learning.programs { skills.formUnion(program.skills) }
        for item in knowledge { skills.formUnion(item.skills) }
        for nudge in learning.nudges { if case .checkIn(let skill, _) = nudge.content { skills.insert(skill) } }
        skills.remove("")
        return skills.sorted()
    }
}
