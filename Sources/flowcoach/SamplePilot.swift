import ArgumentParser
import FlowCoachContent
import FlowCoachCore
import FlowCoachDaemon
import FlowCoachStore
import Foundation

/// `flowcoach sample-pilot`: writes a made-up pilot into a new state directory, so an L&D lead
/// can see what `flowcoach report` shows before a real pilot has run.
struct SamplePilotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample-pilot",
        abstract: "Write a made-up pilot (people, dialogs, applications, check-ins, practice, Q&A) into a new state directory, to preview the report.")

    @OptionGroup var options: RootOptions

    @Option(help: "The state directory to create; it must not exist or be empty.")
    var state: String

    @Option(help: "How many people take part.")
    var people: Int = 20

    @Option(help: "How many weeks the pilot ran, ending now.")
    var weeks: Int = 6

    @Option(help: "The same seed gives the same pilot.")
    var seed: UInt64 = 1

    func validate() throws {
        guard (1...2000).contains(people) else { throw ValidationError("--people takes 1 to 2000") }
        guard (1...104).contains(weeks) else { throw ValidationError("--weeks takes 1 to 104") }
    }

    func run() throws {
        let content: Content
        do {
            content = try PlatformConfig.load(root: options.root).content
        } catch {
            for issue in error.issues { printError(issue.formatted(root: options.root)) }
            printError("the content has problems; fix them (flowcoach validate) and try again")
            throw ExitCode(1)
        }
        if let entries = try? FileManager.default.contentsOfDirectory(atPath: state), !entries.isEmpty {
            printError("\(state) is not empty; sample-pilot writes only into a new or empty directory, so it never mixes with real state")
            throw ExitCode(1)
        }
        let pilot = SamplePilot(people: people, weeks: weeks, seed: seed, until: Date())
        let changes = pilot.changes(content)
        do {
            let store = try StateStore(directory: state, snapshotEvery: content.settings.snapshotEvery)
            defer { store.close() }
            try store.commit(changes, at: pilot.until)
            try store.snapshot(at: pilot.until)
        } catch {
            printError("cannot write the sample pilot to \(state): \(error)")
            throw ExitCode(1)
        }
        let rootOption = options.root == "." ? "" : " --root \(options.root)"
        print("wrote a sample pilot of \(people) people over \(weeks) weeks to \(state) (\(changes.count) records)")
        print("see its report: flowcoach report\(rootOption) --state \(state) --since \(weeks)w --format html --out report.html")
    }
}
