import Foundation

/// One import of 360 or assessment results, read and checked (`flowcoach import assessments`):
/// what is committed, directly or through the running daemon's inbox, where it waits as JSON.
public struct AssessmentBatch: Sendable, Codable, Equatable {
    public static let currentFormat = "flowcoach-assessments"
    public static let currentVersion = 1

    public var format: String
    public var version: Int
    /// The file it was read from, for logs.
    public var source: String
    public var rows: [AssessmentRow]

    public init(source: String, rows: [AssessmentRow]) {
        self.format = Self.currentFormat
        self.version = Self.currentVersion
        self.source = source
        self.rows = rows
    }

    /// Everyone with a row, sorted.
    public var people: [String] { Set(rows.map(\.person)).sorted() }
    /// Every skill with a row, sorted.
    public var skills: [String] { Set(rows.map(\.skill)).sorted() }
    /// Every date with a row, sorted.
    public var dates: [String] { Set(rows.map(\.date)).sorted() }

    /// Why a batch read back from disk cannot be imported (another format or version, a row that
    /// no check would have let through, a skill the content no longer has), or nil.
    public func problem(knownSkills: [String]) -> String? {
        guard format == Self.currentFormat else { return "not a flowcoach assessments file (format \"\(format)\")" }
        guard version == Self.currentVersion else { return "written by another flowcoach (version \(version); this one reads \(Self.currentVersion))" }
        guard !rows.isEmpty else { return "it holds no rows" }
        let known = Set(knownSkills)
        for (index, row) in rows.enumerated() {
            let problem: String? =
                if row.person.isEmpty { "no person id" }
                else if !known.contains(row.skill) { "unknown skill `\(row.skill)`" }
                else if !row.score.isFinite { "a score that is not a number" }
                else if LocalClock.Day(row.date)?.description != row.date { "a date that is not YYYY-MM-DD" }
                else { nil }
            if let problem { return "row \(index + 1) (line \(row.line) of \(source)) has \(problem)" }
        }
        return nil
    }
}

/// One score: a person, a skill, a rater group's score on one date, and whether their manager
/// flagged the skill.
public struct AssessmentRow: Sendable, Codable, Equatable {
    /// The user id.
    public var person: String
    /// The skill id.
    public var skill: String
    public var score: Double
    /// The rater group ("Manager", "Peer", "Self"), `""` when the export has none.
    public var rater: String
    /// `YYYY-MM-DD`.
    public var date: String
    public var flagged: Bool
    /// Where it was in the file (1-based, the header is line 1).
    public var line: Int

    public init(person: String, skill: String, score: Double, rater: String = "", date: String, flagged: Bool = false, line: Int = 0) {
        self.person = person
        self.skill = skill
        self.score = score
        self.rater = rater
        self.date = date
        self.flagged = flagged
        self.line = line
    }
}
