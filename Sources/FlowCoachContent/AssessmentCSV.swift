import FlowCoachCore
import Foundation

/// A problem with one line of an import file, written `file:line: what is wrong`.
public struct ImportProblem: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var message: String

    public var description: String { "\(file):\(line): \(message)" }
}

/// Every problem that kept a file from being imported, in file order.
public struct ImportProblems: Error, Sendable, Equatable {
    public var problems: [ImportProblem]
}

/// Reads a 360 or assessment export (CSV) as `Config/assessments.yaml` describes it, checking
/// every row: a file with any bad row yields its problems and no batch, so nothing is imported.
public enum AssessmentCSV {
    /// Values of the `flagged` column that mean yes, and no (compared in lower case).
    static let yes: Set<String> = ["yes", "y", "true", "1", "x", "✓", "✔", "flagged", "priority"]
    static let no: Set<String> = ["", "no", "n", "false", "0", "-"]

    /// The rows of `data`, or every problem found. `file` names the file in problems; `today` is
    /// the date of rows without one (and the latest date a row may have).
    public static func read(_ data: Data, file: String, content: Content, today: LocalClock.Day) -> Result<AssessmentBatch, ImportProblems> {
        func fail(_ line: Int, _ message: String) -> Result<AssessmentBatch, ImportProblems> {
            .failure(ImportProblems(problems: [ImportProblem(file: file, line: line, message: message)]))
        }
        guard let text = CSVTable.text(data) else {
            return fail(1, "the file is not UTF-8 text; save it as \"CSV UTF-8\" (Excel: Save As, CSV UTF-8)")
        }
        let records: [CSVTable.Record]
        switch CSVTable.records(text) {
        case .success(let read): records = read
        case .failure(let failure): return fail(failure.line, failure.message)
        }
        guard let header = records.first else { return fail(1, "the file is empty; it needs a header line and a row per score") }
        let settings = content.learning.assessments
        let columns: Columns
        switch Columns.find(in: header, settings: settings) {
        case .success(let found): columns = found
        case .failure(let problem): return fail(header.line, problem.text)
        }
        guard records.count > 1 else { return fail(header.line, "no rows after the header: nothing to import") }
        let reader = RowReader(settings: settings, columns: columns, platform: content.settings.platform, skills: content.skillIDs, today: today)
        var rows: [AssessmentRow] = []
        var problems: [ImportProblem] = []
        for record in records.dropFirst() {
            switch reader.read(record, width: header.fields.count) {
            case .success(let row): rows.append(row)
            case .failure(let found): problems += found.messages.map { ImportProblem(file: file, line: record.line, message: $0) }
            }
        }
        guard problems.isEmpty else { return .failure(ImportProblems(problems: problems)) }
        return .success(AssessmentBatch(source: file, rows: rows))
    }

    /// Where each configured column is in the header.
    struct Columns {
        var person: Int
        var skill: Int
        var score: Int
        var rater: Int?
        var date: Int?
        var flagged: Int?
        var names: AssessmentSettings.Columns

        static func find(in header: CSVTable.Record, settings: AssessmentSettings) -> Result<Columns, Message> {
            let names = header.fields.map { AssessmentSettings.key($0) }
            func index(_ name: String) -> Int? { names.firstIndex(of: AssessmentSettings.key(name)) }
            let wanted = settings.columns
            var missing: [String] = []
            for (name, key) in [(wanted.person, "person"), (wanted.skill, "skill"), (wanted.score, "score")] where index(name) == nil {
                let hint = Suggestion.closest(to: AssessmentSettings.key(name), in: names).flatMap { guess in
                    header.fields.first { AssessmentSettings.key($0) == guess }
                }.map { " (did you mean `\($0)`?)" } ?? ""
                missing.append("no column `\(name)` for the \(key == "person" ? "person id" : key)\(hint)")
            }
            guard missing.isEmpty else {
                let shown = header.fields.map { "`\($0.trimmed)`" }.joined(separator: ", ")
                return .failure(Message(text: missing.joined(separator: "; ") + "; the header has \(shown). Name the export's columns under `columns:` in Config/assessments.yaml"))
            }
            return .success(Columns(person: index(wanted.person)!, skill: index(wanted.skill)!, score: index(wanted.score)!,
                                    rater: index(wanted.rater), date: index(wanted.date), flagged: index(wanted.flagged), names: wanted))
        }
    }

    /// A failure's text, as an `Error` for `Result`.
    struct Message: Error {
        var text: String
    }

    struct RowProblems: Error {
        var messages: [String]
    }

    /// Checks one record and makes its row.
    struct RowReader {
        let settings: AssessmentSettings
        let columns: Columns
        let platform: String
        let skills: [String]
        let today: LocalClock.Day

        func read(_ record: CSVTable.Record, width: Int) -> Result<AssessmentRow, RowProblems> {
            let fields = record.fields
            guard fields.count == width else {
                let more = fields.count > width ? " (a value with a comma in it needs double quotes around it)" : ""
                return .failure(RowProblems(messages: ["this row has \(fields.count) field\(fields.count == 1 ? "" : "s") but the header has \(width)\(more)"]))
            }
            func value(_ index: Int?) -> String { index.map { fields[$0].trimmed } ?? "" }
            var problems: [String] = []
            let names = columns.names

            let personValue = value(columns.person)
            var person = ""
            if personValue.isEmpty {
                problems.append("no person id (column `\(names.person)`)")
            } else {
                person = settings.userID(personValue)
                if let problem = PersonIDFormat.problem(person, platform: platform) { problems.append(problem) }
            }

            let skillName = value(columns.skill)
            var skill = ""
            if skillName.isEmpty {
                problems.append("no skill (column `\(names.skill)`)")
            } else if let known = settings.skill(named: skillName, known: skills) {
                skill = known
            } else {
                problems.append("unknown skill `\(skillName)`\(skillHint(skillName)); map it to a skill id under `skills:` in Config/assessments.yaml")
            }

            let scoreText = value(columns.score)
            var score = 0.0
            if scoreText.isEmpty {
                problems.append("no score (column `\(names.score)`)")
            } else if let number = Self.number(scoreText) {
                score = number
                if number < settings.scaleMin || number > settings.scaleMax {
                    problems.append("score \(scoreText) is outside the scale \(AssessmentLoader.format(settings.scaleMin))-\(AssessmentLoader.format(settings.scaleMax)) (`scale:` in Config/assessments.yaml)")
                }
            } else {
                problems.append("score `\(scoreText)` is not a number")
            }

            var date = today.description
            let dateText = value(columns.date)
            if !dateText.isEmpty {
                if let day = Self.day(dateText, format: settings.dateFormat) {
                    date = day.description
                    if day > today { problems.append("date \(dateText) is after today (\(today))") }
                } else if Self.parts(dateText, format: settings.dateFormat) != nil {
                    problems.append("date `\(dateText)` is not a day of the calendar")
                } else {
                    problems.append("date `\(dateText)` is not a date written \(settings.dateFormat.rawValue) (`date_format:` in Config/assessments.yaml)")
                }
            }

            let flagText = value(columns.flagged).lowercased()
            let flagged = AssessmentCSV.yes.contains(flagText)
            if !flagged, !AssessmentCSV.no.contains(flagText) {
                problems.append("`\(value(columns.flagged))` in column `\(names.flagged)` is neither yes nor no")
            }

            guard problems.isEmpty else { return .failure(RowProblems(messages: problems)) }
            return .success(AssessmentRow(person: person, skill: skill, score: score, rater: value(columns.rater), date: date, flagged: flagged,
                                          line: record.line))
        }

        /// " (did you mean `…`?)" with the closest configured name or skill, or "".
        func skillHint(_ name: String) -> String {
            let candidates = Array(settings.skillNames.keys) + skills.map(AssessmentSettings.key)
            return Suggestion.closest(to: AssessmentSettings.key(name), in: candidates).map { " (did you mean `\($0)`?)" } ?? ""
        }

        /// `3.5`, or `3,5` as many European exports write it; never NaN or infinity.
        static func number(_ text: String) -> Double? {
            var text = text
            if !text.contains("."), text.filter({ $0 == "," }).count == 1 { text = text.replacingOccurrences(of: ",", with: ".") }
            guard text.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }), let value = Double(text), value.isFinite else { return nil }
            return value
        }

        /// A date as `format` writes it; `YYYY-MM-DD` (with a time after it) is always read.
        static func day(_ text: String, format: AssessmentSettings.DateFormat) -> LocalClock.Day? {
            guard let (year, month, day) = parts(text, format: format) else { return nil }
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
            let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
            guard (1900...9999).contains(year), (1...12).contains(month), (1...days[month - 1]).contains(day) else { return nil }
            return LocalClock.Day(year: year, month: month, day: day)
        }

        /// Year, month and day as `format` orders them, when `text` has the shape of a date.
        static func parts(_ text: String, format: AssessmentSettings.DateFormat) -> (Int, Int, Int)? {
            let datePart = String(text.prefix { $0 != " " && $0 != "T" })
            let parts = datePart.split(whereSeparator: { "-/.".contains($0) }).map(String.init)
            guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) else { return nil }
            let numbers = parts.compactMap { Int($0) }
            guard numbers.count == 3 else { return nil }
            if parts[0].count == 4, parts[1].count <= 2, parts[2].count <= 2 { return (numbers[0], numbers[1], numbers[2]) }
            guard parts[2].count == 4, parts[0].count <= 2, parts[1].count <= 2, format != .iso else { return nil }
            return format == .dayFirst ? (numbers[2], numbers[1], numbers[0]) : (numbers[2], numbers[0], numbers[1])
        }
    }
}
