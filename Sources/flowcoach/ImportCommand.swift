import ArgumentParser
import FlowCoachContent
import FlowCoachCore
import FlowCoachDaemon
import FlowCoachStore
import Foundation

/// `flowcoach import`: bringing results from other systems into the state.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import results from other systems into the state.", subcommands: [ImportAssessments.self])
}

/// `flowcoach import assessments FILE.csv`: 360 or assessment results, read as
/// `Config/assessments.yaml` describes the export. A file with any bad row imports nothing. The
/// import is one journal record; beside a running daemon (which owns the state) it goes through
/// the daemon's inbox instead.
struct ImportAssessments: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assessments",
        abstract: "Import 360 or assessment results (CSV): each person's priority skills follow from them.",
        discussion: """
            Columns, skill names, the scale, the target and the date format are set in Config/assessments.yaml. \
            Every bad row is listed as file:line: what is wrong, and then nothing is imported.
            """)

    @OptionGroup var options: RootOptions

    @Argument(help: "The CSV file (UTF-8; quoted fields, `,` `;` or tabs between them).")
    var file: String

    @Flag(help: "Show what would be imported, and everyone's priority skills, without writing anything.")
    var dryRun = false

    @Option(help: "The state directory (default: state_dir from the configuration).")
    var state: String?

    /// Problems printed at most; the rest are counted.
    static let shownProblems = 50

    func run() throws {
        let content: Content
        do {
            content = try PlatformConfig.load(root: options.root).content
        } catch {
            for issue in error.issues { printError(issue.formatted(root: options.root)) }
            printError("the content has problems; fix them (flowcoach validate) and import again")
            throw ExitCode(1)
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            printError("\(file): cannot read the file (missing or not readable)")
            throw ExitCode(1)
        }
        let now = Runtime.systemClock()
        let zone = TimeZone(identifier: content.settings.timeZone) ?? .gmt
        let batch: AssessmentBatch
        switch AssessmentCSV.read(data, file: file, content: content, today: LocalClock(zone).local(now).day) {
        case .success(let read):
            batch = read
        case .failure(let failure):
            let problems = failure.problems
            for problem in problems.prefix(Self.shownProblems) { printError(problem.description) }
            if problems.count > Self.shownProblems { printError("… and \(problems.count - Self.shownProblems) more") }
            let lines = Set(problems.map(\.line)).count
            printError("\(lines) line\(lines == 1 ? "" : "s") with problems; nothing was imported")
            throw ExitCode(1)
        }
        let directory = state ?? content.settings.stateDirectory
        let coach = Coach(content: content)
        if dryRun {
            let current = try readState(directory)
            let turn = coach.importAssessments(batch, state: current, now: now)
            print(ImportSummary(batch: batch, turn: turn, before: current, content: content).text(dryRun: true), terminator: "")
            return
        }
        do {
            let store = try StateStore(directory: directory, snapshotEvery: content.settings.snapshotEvery)
            defer { store.close() }
            let before = store.state
            let turn = coach.importAssessments(batch, state: before, now: now)
            try store.commit(turn.changes, at: now)
            print(ImportSummary(batch: batch, turn: turn, before: before, content: content).text(dryRun: false), terminator: "")
            print("imported into \(directory)")
        } catch StoreError.locked(_, let pid) {
            // A daemon (or a chat) owns the state: hand it the import, as one file it commits whole.
            do {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                let path = try StateInbox.drop(Array(try encoder.encode(batch)), kind: "assessments", in: directory, at: now)
                print("\(file): \(batch.rows.count) row\(batch.rows.count == 1 ? "" : "s") for \(batch.people.count) \(batch.people.count == 1 ? "person" : "people") checked")
                print("flowcoach is running on \(directory) (pid \(pid)), so the import waits in \(path); the running daemon takes it within a minute")
            } catch {
                printError("cannot hand the import to the running flowcoach: \(error)")
                throw ExitCode(1)
            }
        } catch {
            printError("cannot import into \(directory): \(error)")
            throw ExitCode(1)
        }
    }

    /// The state as committed so far, without taking the lock; empty when there is none yet.
    func readState(_ directory: String) throws -> State {
        guard FileManager.default.fileExists(atPath: directory + "/snapshot.json") || FileManager.default.fileExists(atPath: directory + "/journal.jsonl")
        else { return State() }
        do {
            return try StateStore.read(directory: directory)
        } catch {
            printError("cannot read the state in \(directory): \(error)")
            throw ExitCode(1)
        }
    }
}

/// What an import brings: rows, people, skills and dates, each person's priority skills as they
/// will be, and who is enrolled in a program by gap.
struct ImportSummary {
    let batch: AssessmentBatch
    let turn: Turn
    let before: State
    let settings: AssessmentSettings
    /// A program enrols by gap (`enrol_by_gap:`).
    let enrolsByGap: Bool

    init(batch: AssessmentBatch, turn: Turn, before: State, content: Content) {
        self.batch = batch
        self.turn = turn
        self.before = before
        self.settings = content.learning.assessments
        self.enrolsByGap = content.learning.programs.contains { !$0.enrolByGap.isEmpty }
    }

    func text(dryRun: Bool) -> String {
        var after = before
        after.apply(turn.changes)
        let people = batch.people
        var out = "\(batch.source): \(batch.rows.count) row\(batch.rows.count == 1 ? "" : "s") for \(people.count) \(people.count == 1 ? "person" : "people"), "
        out += "\(batch.skills.count) skill\(batch.skills.count == 1 ? "" : "s") (\(batch.skills.joined(separator: ", "))), dated \(batch.dates.joined(separator: ", "))\n"
        out += dryRun ? "would set these priority skills (target \(settings.format(settings.target))):\n" : "priority skills (target \(settings.format(settings.target))):\n"
        for person in people {
            let priorities = after[AssessmentHistory.self][person]?.priorities(settings) ?? []
            let list = priorities.map { priority in
                var reasons: [String] = []
                if priority.belowTarget { reasons.append(settings.format(priority.standing.score)) }
                if priority.flagged { reasons.append("flagged by manager") }
                return "\(priority.skill) (\(reasons.joined(separator: ", ")))"
            }
            out += "  \(person): \(list.isEmpty ? "none below target" : list.joined(separator: ", "))\n"
        }
        let enrolled = turn.changes.compactMap { $0.put(of: Enrolment.self) }
        for (program, enrolments) in Dictionary(grouping: enrolled, by: \.program).sorted(by: { $0.key < $1.key }) {
            let names = enrolments.map(\.user).sorted().joined(separator: ", ")
            out += "\(dryRun ? "would enrol" : "enrolled") in \(program) by gap: \(names)\n"
        }
        let waiting = people.filter { before.profiles[$0]?.room == nil }.count
        if waiting > 0, enrolsByGap {
            out += "\(waiting) of them \(waiting == 1 ? "has" : "have") not written to the coach yet; programs that enrol by gap take them when they first do\n"
        }
        if dryRun { out += "dry run: nothing was written\n" }
        return out
    }
}
