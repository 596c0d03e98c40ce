@testable import FlowCoachJSON
import Foundation
import Testing

/// Objects of one type decoded one after another answer from the layout the first one taught
/// only when their keys are the same: other keys, another order or an
/// `init(from:)` that asks for different keys each time decode as `JSONDecoder` decodes them.
@Suite struct KeyLayoutTests {
    struct Shape: Codable, Equatable {
        var kind: String
        var side: Int?
        var radius: Int?
        var label: String?

        enum CodingKeys: String, CodingKey { case kind, side, radius, label }

        init(kind: String, side: Int? = nil, radius: Int? = nil, label: String? = nil) {
            self.kind = kind
            self.side = side
            self.radius = radius
            self.label = label
        }

        // Asks for different keys depending on a value, as some types do.
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            kind = try container.decode(String.self, forKey: .kind)
            if kind == "square" {
                side = try container.decodeIfPresent(Int.self, forKey: .side)
            } else {
                radius = try container.decodeIfPresent(Int.self, forKey: .radius)
            }
            label = try container.decodeIfPresent(String.self, forKey: .label)
        }
    }

    @Test func layoutsNeverAnswerForADifferentObject() throws {
        let json = """
            [{"kind":"square","side":2},{"kind":"square","side":3},{"kind":"circle","radius":4},{"kind":"circle","radius":5,"label":"c"},
             {"label":"x","kind":"square","side":6},{"side":7,"kind":"square"},{"kind":"square","side":9},
             {"kind":"circle","side":1,"radius":2},{"kind":"square","side":1,"radius":2},{"kind":"square"},{"kind":"circle","radius":3}]
            """
        let fast = try FastJSONDecoder.decode([Shape].self, from: Array(json.utf8))
        let foundation = try JSONDecoder().decode([Shape].self, from: Data(json.utf8))
        #expect(fast == foundation)
        #expect(fast.map(\.side) == [2, 3, nil, nil, 6, 7, 9, nil, 1, nil, nil])
        #expect(fast.map(\.radius) == [nil, nil, 4, 5, nil, nil, nil, 2, nil, nil, 3])
    }

    @Test func aMissingRequiredKeyIsStillAnError() {
        let json = #"[{"kind":"square","side":2},{"side":3}]"#
        #expect(throws: (any Error).self) { try FastJSONDecoder.decode([Shape].self, from: Array(json.utf8)) }
    }
}
