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

/// Where the access token may come from, and which refusals stop the daemon.
@Suite struct MatrixCredentialsTests {
    @Test func underSystemdTheTokenFileIsACredentialNeverOutsideIt() throws {
        let credentials = "/run/credentials/flowcoach.service"
        #expect(try MatrixSettings.tokenPath("matrix-token", credentials: credentials) == credentials + "/matrix-token")
        #expect(try MatrixSettings.tokenPath(credentials + "/matrix-token", credentials: credentials) == credentials + "/matrix-token")
        for outside in ["../other.service/matrix-token", "/etc/flowcoach/matrix-token", "sub/../../x", "/run/credentials/flowcoach.service2/t"] {
            #expect(throws: PlatformError.self, "\(outside)") { try MatrixSettings.tokenPath(outside, credentials: credentials) }
        }
        #expect(try MatrixSettings.tokenPath("/etc/flowcoach/matrix-token", credentials: nil) == "/etc/flowcoach/matrix-token")
    }

    @Test func aRefusedTokenIsNotRetried() {
        #expect(PlatformError.rejected(status: 401, errcode: "M_UNKNOWN_TOKEN", message: "").refusesCredentials)
        #expect(PlatformError.rejected(status: 403, errcode: "M_FORBIDDEN", message: "").refusesCredentials)
        #expect(!PlatformError.rejected(status: 429, errcode: "M_LIMIT_EXCEEDED", message: "").refusesCredentials)
        #expect(!PlatformError.rejected(status: 502, errcode: "", message: "").refusesCredentials)
    }
}
