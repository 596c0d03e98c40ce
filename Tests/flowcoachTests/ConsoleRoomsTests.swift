import Foundation
import Testing

/// `flowcoach chat` with several people on one state directory, one after another: what the
/// coach sends the others from this session says whom it is for, in the order it was said.
@Suite struct ConsoleRoomsTests {
    @Test func aBroadcastShowsWhomEachCopyIsForInOrder() throws {
        let root = NSTemporaryDirectory() + "flowcoach-rooms-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        for dir in ["Prompts", "Config"] {
            try FileManager.default.copyItem(atPath: ChatProcess.repoRoot + "/" + dir, toPath: root + "/" + dir)
        }
        let config = root + "/Config/flowcoach.yaml"
        let settings = try String(contentsOfFile: config, encoding: .utf8)
        #expect(settings.contains("\nadmins: []"))
        try settings.replacingOccurrences(of: "\nadmins: []", with: "\nadmins: [\"console:Admin\"]").write(toFile: config, atomically: true, encoding: .utf8)
        let state = root + "/state"
        func chat(_ user: String, _ lines: String) throws -> String {
            let result = try ChatProcess.run(["chat", "--root", root, "--state", state, "--user", user], stdin: lines)
            #expect(result.status == 0, "\(result.err)")
            return result.out
        }

        _ = try chat("Ana", "role manager\n")
        _ = try chat("Bo", "hello\n")
        let out = try chat("Admin", "admin broadcast everyone The office is closed on Friday\nyes\n")
        let tail = try #require(out.range(of: "This goes to everyone (3 people):")).lowerBound
        #expect(
            String(out[tail...]) == """
                This goes to everyone (3 people):

                The office is closed on Friday

                Say "yes" to send it, anything else to drop it.

                Sent to 3 people.

                The office is closed on Friday

                (to Ana) The office is closed on Friday

                (to Bo) The office is closed on Friday


                """)
    }
}
