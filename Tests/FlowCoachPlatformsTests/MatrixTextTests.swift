@testable import FlowCoachPlatforms
import FlowCoachCore
import Foundation
import Testing

@Suite struct MatrixTextTests {
    @Test func aLeadingMentionIsStripped() {
        let bot = "@flowcoach:example.org"
        #expect(MatrixAdapter.strippingMention("flowcoach: help", of: bot, displayName: "Coach") == "help")
        #expect(MatrixAdapter.strippingMention("@flowcoach:example.org coach feedback", of: bot, displayName: nil) == "coach feedback")
        #expect(MatrixAdapter.strippingMention("Coach, cancel", of: bot, displayName: "Coach") == "cancel")
        #expect(MatrixAdapter.strippingMention("help me", of: bot, displayName: "Coach") == "help me")
    }

    @Test func mentionsAreRecognised() {
        let bot = "@flowcoach:example.org"
        #expect(MatrixAdapter.mentions("hey @flowcoach:example.org", of: bot))
        #expect(MatrixAdapter.mentions("FlowCoach: help", of: bot))
        #expect(!MatrixAdapter.mentions("the flowcoach pilot went well", of: bot))
    }

    @Test func theTokenComesFromTheEnvironmentOrACredentialFile() throws {
        var settings = MatrixSettings(homeserver: "http://127.0.0.1:1", userID: "@b:x", accessTokenEnv: "TOKEN", accessTokenFile: "matrix-token")
        #expect(try settings.accessToken(environment: ["TOKEN": " abc \n"]) == "abc")
        let directory = NSTemporaryDirectory()
        try "from-file\n".write(toFile: directory + "/matrix-token", atomically: true, encoding: .utf8)
        #expect(try settings.accessToken(environment: ["CREDENTIALS_DIRECTORY": directory]) == "from-file")
        settings.accessTokenFile = "/nonexistent/token"
        #expect {
            try settings.accessToken(environment: [:])
        } throws: { "\($0)".contains("looked in environment variable TOKEN and file /nonexistent/token") }
    }
}
