import ArgumentParser
import FlowCoachContent
import FlowCoachCore
import FlowCoachDaemon
import Foundation

/// `flowcoach route "text"`: where a message would go and why, for admins tuning triggers,
/// examples and synonyms. `--file` checks a list of `expected<TAB>message` lines.
struct Route: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show where a message would go (dialog, small talk or none) and each dialog's score with its reasons.")

    @OptionGroup var options: RootOptions
    @Option(help: "A file of `expected<TAB>message` lines (expected: a dialog id, smalltalk, crisis or none); prints the misses and the accuracy.")
    var file: String?
    @Argument(help: "The message, as a person would type it.")
    var message: [String] = []

    func run() throws {
        let content: Content
        do {
            content = try PlatformConfig.load(root: options.root).content
        } catch {
            for issue in error.issues { printError(issue.formatted(root: options.root)) }
            throw ExitCode(1)
        }
        let coach = Coach(content: content)
        if let file { return try check(file, coach) }
        guard !message.isEmpty else { throw ValidationError("give a message, or --file") }
        let (label, ranking) = coach.destination(of: message.joined(separator: " "))
        print("→ \(label)")
        for ranked in ranking {
            print(String(format: "%6.1f  %@", ranked.score, ranked.dialog.id))
            for reason in ranked.reasons { print("        \(reason)") }
        }
    }

    func check(_ file: String, _ coach: Coach) throws {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { throw ValidationError("cannot read \(file)") }
        let report = RouteCheck(coach: coach, lines: text)
        for miss in report.misses {
            let scores = coach.destination(of: miss.message).ranking.prefix(3).map { String(format: "%@ %.1f", $0.dialog.id, $0.score) }
            print("\(miss.line): expected \(miss.expected), got \(miss.got) [\(scores.joined(separator: ", "))]: \(miss.message)")
        }
        print(String(format: "%d of %d right (%.1f%%)", report.right, report.total, report.accuracy * 100))
    }
}
