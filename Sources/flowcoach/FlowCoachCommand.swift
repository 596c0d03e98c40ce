import ArgumentParser

/// The `flowcoach` command line.
@main
struct FlowCoachCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flowcoach",
        abstract: "An in-the-moment coaching bot for your team's chat.",
        subcommands: [Chat.self, Run.self, Validate.self, Route.self, TestCommand.self, Reload.self, ReportCommand.self, ImportCommand.self, SamplePilotCommand.self, AppServiceRegistration.self]
    )
}

/// Where `Prompts/` and `Config/` live.
struct RootOptions: ParsableArguments {
    @Option(name: .long, help: "The directory holding Prompts/ and Config/.")
    var root: String = "."
}
