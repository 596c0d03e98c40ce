import ArgumentParser
import FlowCoachContent
import FlowCoachCore
import FlowCoachDaemon

/// `flowcoach validate`: checks every file in `Prompts/` and `Config/` and lists every problem.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check Prompts/ and Config/ and print every problem as path:line:column: message.")

    @OptionGroup var options: RootOptions

    func run() throws {
        do {
            let content = try PlatformConfig.load(root: options.root).content
            print("ok: \(content.dialogs.count) dialogs, \(content.knowledge.count) knowledge items, messages and configuration are valid")
        } catch {
            for issue in error.issues { printError(issue.formatted(root: options.root)) }
            printError("\(error.issues.count) problem\(error.issues.count == 1 ? "" : "s") found; nothing was changed")
            throw ExitCode(1)
        }
    }
}
