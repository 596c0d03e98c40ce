import ArgumentParser
import Foundation

/// `flowcoach reload`: asks the running daemon to re-read Prompts/ and Config/ (sends SIGHUP to
/// the pid recorded in the state directory's LOCK file).
struct Reload: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Ask the running daemon to re-read Prompts/ and Config/.")

    @Option(help: "The daemon's state directory.")
    var state: String

    func run() throws {
        let lockFile = (state as NSString).appendingPathComponent("LOCK")
        guard let text = try? String(contentsOfFile: lockFile, encoding: .utf8),
            let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
        else {
            printError("no running flowcoach found: \(lockFile) is missing or empty")
            throw ExitCode(1)
        }
        guard kill(pid, SIGHUP) == 0 else {
            printError("cannot signal flowcoach (pid \(pid)): \(String(cString: strerror(errno)))")
            throw ExitCode(1)
        }
        print("asked flowcoach (pid \(pid)) to reload; its log says whether the new content was accepted")
    }
}
