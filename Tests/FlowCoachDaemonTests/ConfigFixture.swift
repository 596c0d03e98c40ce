import FlowCoachContent
import FlowCoachDaemon
import Foundation

/// A `Config/flowcoach.yaml` written for one test and loaded with the language fixture's
/// content: the platform sections it read, or every problem as `line:column: message`.
enum ConfigFixture {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().path + "/Fixtures/language"

    static func load(_ config: String) throws -> Result<PlatformConfig, ContentError> {
        let file = NSTemporaryDirectory() + "flowcoach-config-" + UUID().uuidString + ".yaml"
        try ("version: 1\ntime_zone: UTC\n" + config).write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        do {
            return .success(try PlatformConfig.load(root: root, config: file).platforms)
        } catch {
            return .failure(error)
        }
    }

    static func issues(_ config: String) throws -> [String] {
        guard case .failure(let error) = try load(config) else { return [] }
        return error.issues.map { "\($0.line):\($0.column): \($0.message)" }
    }
}
