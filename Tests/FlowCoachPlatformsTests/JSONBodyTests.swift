@testable import FlowCoachPlatforms
import Foundation
import Testing

/// Request bodies written by `JSONBody` mean what `JSONSerialization` makes of the same object,
/// whatever the text holds; values it does not write itself go to `JSONSerialization`.
@Suite struct JSONBodyTests {
    static func parsed(_ bytes: [UInt8]) throws -> NSDictionary {
        try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? NSDictionary)
    }

    @Test func bodiesMeanTheSameAsJSONSerialization() throws {
        let texts = ["plain", "quote \" and \\ backslash", "line\nbreak\r\ttab", "\u{0}\u{1}\u{1F}\u{7F}", "café — don’t 👋🏽", "</script>", "a/b", ""]
        for text in texts {
            let object: [String: Any] = [
                "msgtype": "m.text", "body": text, "format": "org.matrix.custom.html", "formatted_body": "<b>\(text)</b>",
                "m.relates_to": ["rel_type": "m.thread", "event_id": "$e:x", "is_falling_back": true],
                "list": [1, -2, "three", false, ["nested": text]], "count": 0,
            ]
            let ours = try JSONBody.encode(object)
            #expect(try Self.parsed(ours) == Self.parsed([UInt8](try JSONSerialization.data(withJSONObject: object))), "\(text.debugDescription)")
        }
    }

    @Test func otherValuesAreLeftToJSONSerialization() throws {
        let object: [String: Any] = ["ratio": 0.5, "body": "x"]
        #expect(try Self.parsed(try JSONBody.encode(object))["ratio"] as? Double == 0.5)
    }
}
