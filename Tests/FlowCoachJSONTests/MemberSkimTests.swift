@testable import FlowCoachJSON
import Foundation
import Testing

/// The skim finds an object's members whatever their strings hold, and a member parsed on its
/// own reads as it reads in the whole object; a text of the wrong shape is refused, never misread.
@Suite struct MemberSkimTests {
    struct Row: Codable, Equatable {
        var text: String
        var n: Int?
        var tags: [String]
    }

    @Test func membersAreFoundAndReadAlone() throws {
        let rows: [String: [String: Row]] = [
            "a": ["x": Row(text: #"quote " brace { bracket ] backslash \ end\"#, n: 1, tags: ["}", "\\\""])],
            "b": [:],
            "c\"d": ["y": Row(text: "naïve — 👋 \u{0}\n", n: nil, tags: [])],
        ]
        let bytes = Array(try JSONEncoder().encode(rows)) + Array(" \n".utf8)
        let members = try FastJSONDecoder.members(in: bytes, objectAt: 0)
        #expect(members.map(\.key).sorted() == [#"a"#, #"b"#, #"c\"d"#])
        for member in members {
            let reader = try FastJSONDecoder(bytes, memberAt: member.range)
            let container = try reader.keyedContainer(at: 0, keyedBy: Key.self)
            let key = Key(stringValue: member.key == #"c\"d"# ? "c\"d" : member.key)
            #expect(try container.decode([String: Row].self, forKey: key) == rows[key.stringValue], "\(member.key)")
        }
        let value = try FastJSONDecoder.valueStart(in: bytes, member: try #require(members.first { $0.key == "a" }).range)
        #expect(bytes[value] == UInt8(ascii: "{"))
    }

    @Test func theWrongShapeIsRefused() {
        for text in [#"{"a":1"#, #"{"a" 1}"#, #"{"a":"unterminated}"#, #"{"a":{"b":[1,2}"#, #"["a"]"#, #"{"a":1,}"#, "", "{", #"{"a":}"#] {
            let bytes = Array(text.utf8)
            #expect(throws: (any Error).self, "\(text)") {
                let members = try FastJSONDecoder.members(in: bytes, objectAt: 0)
                for member in members { _ = try FastJSONDecoder(bytes, memberAt: member.range) }
            }
        }
    }

    struct Key: CodingKey {
        var stringValue: String
        init(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }
}
