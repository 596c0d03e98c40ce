import FlowCoachContent
import FlowCoachCore
import Foundation
import Testing

/// `managers:` and `manager_digest:` in Config/flowcoach.yaml: read into teams, ids checked
/// against the platform like admins', and a digest that must repeat.
@Suite struct ManagerConfigTests {
    static func load(_ config: String) throws(ContentError) -> Content {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("flowcoach-managers-\(UUID().uuidString).yaml")
        try? config.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        return try ContentLoader.load(root: Fixture.repoRoot, config: file.path)
    }

    @Test func managersBecomeTeams() throws {
        let content = try Self.load("""
            version: 1
            platform: console
            managers:
              "console:ana": console:maya
              "console:bo": console:maya
              "console:zed": console:olu
            manager_digest: mondays at 09:30
            """)
        #expect(content.settings.managers.teams == ["console:maya": ["console:ana", "console:bo"], "console:olu": ["console:zed"]])
        #expect(content.settings.managers.reports("console:bo", to: "console:maya"))
        #expect(!content.settings.managers.reports("console:zed", to: "console:maya"))
        #expect(content.settings.managers.digestText == "mondays at 09:30")
    }

    @Test func theShippedConfigurationHasNoManagersAndTheDefaultDigest() throws {
        let content = try Fixture.shippedContent()
        #expect(content.settings.managers.teams.isEmpty)
        #expect(content.settings.managers.digestText == ManagerSettings.defaultDigest)
    }

    @Test func idsThatCannotMatchTheirPlatformSelfManagementAndAOneOffDigestAreRefused() {
        #expect(throws: ContentError.self) {
            _ = try Self.load("""
                version: 1
                platform: console
                managers:
                  "@bo:example.org": console:maya
                  "console:cy": console:cy
                manager_digest: 2026-12-01 10:00
                """)
        }
        do {
            _ = try Self.load("""
                version: 1
                platform: console
                managers:
                  "@bo:example.org": console:maya
                  "console:cy": console:cy
                  "console:di": [console:maya]
                manager_digest: 2026-12-01 10:00
                """)
        } catch {
            let text = error.description
            #expect(text.contains("4:3: `@bo:example.org` cannot match anyone in the terminal chat"), "\(text)")
            #expect(text.contains("5:17: `console:cy` is listed as their own manager"), "\(text)")
            #expect(text.contains("6:17: each entry of `managers`"), "\(text)")
            #expect(text.contains("7:17: `manager_digest` must repeat every week"), "\(text)")
        }
    }

    @Test func aMistypedDigestScheduleIsNamed() {
        do {
            _ = try Self.load("""
                version: 1
                platform: console
                manager_digest: fortnightly at 15:00
                """)
            Issue.record("a bad schedule loaded")
        } catch {
            #expect(error.description.contains("`manager_digest`: `fortnightly` is not a day"), "\(error.description)")
        }
    }
}
