import ArgumentParser
import FlowCoachContent
import FlowCoachCore
import FlowCoachDaemon

/// `flowcoach test`: runs the conversations in `Prompts/tests/` on a fixed clock and prints
/// each failed expectation as path:line.
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test", abstract: "Run the conversation tests in Prompts/tests/ and print failures as path:line: message.")

    @OptionGroup var options: RootOptions

    func run() throws {
        let content: Content
        let tests: [ConversationTest]
        do {
            content = try PlatformConfig.load(root: options.root).content
            tests = try ConversationTestLoader.load(root: options.root)
        } catch {
            for issue in error.issues { printError(issue.formatted(root: options.root)) }
            throw ExitCode(1)
        }
        let coach = Coach(content: content)
        var failed = 0
        for test in tests {
            let failures = test.run(coach)
            if !failures.isEmpty { failed += 1 }
            let path = ContentIssue.path(test.file, root: options.root)
            for failure in failures { printError("\(path):\(failure.line): \(test.name): \(failure.message)") }
        }
        print("\(tests.count - failed) of \(tests.count) conversations passed")
        if failed > 0 { throw ExitCode(1) }
    }
}
