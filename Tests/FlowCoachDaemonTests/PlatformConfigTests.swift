import FlowCoachContent
import FlowCoachCore
import FlowCoachDaemon
import FlowCoachPlatforms
import Foundation
import Testing

/// The `matrix:` section of `Config/flowcoach.yaml`, read by the daemon: its problems are reported
/// with every other one, at their line and column.
@Suite struct PlatformConfigTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().path + "/Fixtures/language"

    /// Loads the fixture's prompts with this configuration; the problems as `line:column: message`.
    func load(_ config: String) throws -> Result<PlatformConfig, ContentError> {
        let file = NSTemporaryDirectory() + "flowcoach-config-" + UUID().uuidString + ".yaml"
        try ("version: 1\ntime_zone: UTC\n" + config).write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        do {
            return .success(try PlatformConfig.load(root: Self.root, config: file).platforms)
        } catch {
            #expect(error.issues.allSatisfy { $0.file == file })
            return .failure(error)
        }
    }

    func issues(_ config: String) throws -> [String] {
        guard case .failure(let error) = try load(config) else { return [] }
        return error.issues.map { "\($0.line):\($0.column): \($0.message)" }
    }

    @Test(arguments: [
        ("http://matrix.example.org", false), ("http://10.0.0.5:8008", false), ("http://127.0.0.1:8008", true),
        ("http://localhost:8008", true), ("http://[::1]:8008", true), ("https://matrix.example.org", true), ("http://127.evil.org", false),
    ])
    func plainHTTPOnlyToThisMachine(_ homeserver: String, _ accepted: Bool) throws {
        let issues = try issues("platform: matrix\nmatrix:\n  homeserver: \"\(homeserver)\"\n  user_id: \"@bot:x\"\n  access_token_env: TOKEN\n")
        #expect(issues.isEmpty == accepted, "\(issues)")
        if !accepted {
            #expect(issues.first?.hasPrefix("5:15: ") == true && issues.first?.contains("unencrypted") == true, "\(issues)")
        }
    }

    @Test func theSectionIsReadIntoMatrixSettings() throws {
        let loaded = try load(
            "platform: matrix\nmatrix:\n  homeserver: https://m.x\n  user_id: \"@bot:x\"\n  access_token_file: matrix-token\n"
                + "  ignore_users: [\"@other:x\"]\n  sync_timeout_ms: 100\n")
        #expect(
            try loaded.get().matrix
                == MatrixSettings(
                    homeserver: "https://m.x", userID: "@bot:x", accessTokenFile: "matrix-token", ignoreUsers: ["@other:x"], syncTimeoutMs: 100))
    }

    @Test func everyProblemInTheSectionHasItsPosition() throws {
        #expect(
            try issues(
                "platform: matrix\nmatrix:\n  homeserver: ftp://x\n  user_id: bot\n  access_token: abc\n  sync_timeout_ms: soon\n"
                    + "  ignore_users: \"@a:x\"\n  homesrver: x\n") == [
                    "5:3: `matrix` needs `access_token_env` or `access_token_file`; the token itself never goes in this file",
                    "5:15: `homeserver` must be an http:// or https:// URL",
                    "6:12: `user_id` must be a full Matrix id such as @flowcoach:example.org",
                    "7:3: never put the access token in this file; use access_token_env or access_token_file",
                    "8:20: `sync_timeout_ms` should be a whole number, found text \"soon\"",
                    "9:17: `ignore_users` should be a list (`[a, b]` or `- a` lines), found text \"@a:x\"",
                    "10:3: unknown key `homesrver` in `matrix` (did you mean `homeserver`?)",
                ])
        #expect(
            try issues("platform: matrix\n") == [
                "3:11: `platform: matrix` needs a `matrix:` section (homeserver, user_id, access_token_env or access_token_file)"
            ])
        #expect(try issues("platform: matrix\nmatrix: 5\n") == ["4:9: `matrix` should be a mapping of `key: value` lines, found a number (5)"])
    }
}
