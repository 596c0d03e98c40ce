import ArgumentParser
import FlowCoachContent
import FlowCoachCore
import FlowCoachDaemon
import FlowCoachStore
import Foundation

/// `flowcoach report`: the impact report from the state directory, beside a running daemon.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Print the impact report: applications, impact, confidence, mastery, nudges, Q&A and goals.")

    @OptionGroup var options: RootOptions

    @Option(help: "The state directory (default: state_dir from the configuration).")
    var state: String?

    @Option(help: "The window: a length back from now (30d, 12w) or a start date (YYYY-MM-DD).")
    var since: String = "30d"

    @Option(help: "Only this program's participants and goal skills.")
    var program: String?

    @Option(help: "text, csv, json or html.")
    var format: String = "text"

    @Option(help: "Write to this file instead of standard output.")
    var out: String?

    @Option(help: "Hide figures drawn from fewer people (default: the program's report_min_group, else limits.report_min_group, 5). Below 3 is for checking your own set-up: figures then show one or two people's own answers.")
    var minGroup: Int?

    func run() throws {
        guard let format = ReportFormat(rawValue: format) else {
            printError("unknown format \"\(format)\"; use one of: \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", "))")
            throw ExitCode(2)
        }
        if let minGroup {
            guard minGroup >= 1 else {
                printError("--min-group must be at least 1 (and at least 3 for a report anyone else reads)")
                throw ExitCode(2)
            }
            if minGroup < 3 {
                printError("warning: --min-group \(minGroup) shows figures drawn from \(minGroup == 1 ? "a single person's" : "two people's") own answers; keep this report to yourself")
            }
        }
        let now = Date()
        guard let start = Self.start(since, now: now) else {
            printError("--since takes a length such as 30d or 12w, or a date YYYY-MM-DD; got \"\(since)\"")
            throw ExitCode(2)
        }
        guard start < now else {
            printError("--since \(since) is not in the past; give a start date before today, or a length such as 30d")
            throw ExitCode(2)
        }
        let content: Content
        do {
            content = try PlatformConfig.load(root: options.root).content
        } catch {
            for issue in error.issues { printError(issue.formatted(root: options.root)) }
            printError("the content has problems; fix them (flowcoach validate) and run the report again")
            throw ExitCode(1)
        }
        let directory = state ?? content.settings.stateDirectory
        guard FileManager.default.fileExists(atPath: directory + "/snapshot.json") || FileManager.default.fileExists(atPath: directory + "/journal.jsonl") else {
            printError("no flowcoach state in \(directory); pass --state DIR")
            throw ExitCode(1)
        }
        do {
            let stateValue = try StateStore.read(directory: directory)
            let builder = ReportBuilder(state: stateValue, content: content, since: start, until: now,
                                        minimumGroup: minGroup)
            let text = try format.render(try builder.build(program: program))
            if let out {
                try text.write(toFile: out, atomically: true, encoding: .utf8)
                print("wrote \(out)")
            } else {
                print(text, terminator: "")
            }
        } catch let error as ReportError {
            printError(error.description)
            throw ExitCode(1)
        } catch {
            printError("cannot make the report from \(directory): \(error)")
            throw ExitCode(1)
        }
    }

    /// `30d`, `12w`, `48h` back from now, or the start of a UTC date.
    static func start(_ text: String, now: Date) -> Date? {
        if let seconds = SpanText.seconds(text, units: "hdw") { return now.addingTimeInterval(-seconds) }
        guard let day = LocalClock.Day(text) else { return nil }
        return LocalClock(.gmt).instant(day, minute: 0)
    }
}
