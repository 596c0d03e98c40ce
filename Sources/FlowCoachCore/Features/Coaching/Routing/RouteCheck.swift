/// Routing measured against a list of `expected<TAB>message` lines (comments start with `#`):
/// how many go where they should, and which do not.
public struct RouteCheck: Sendable {
    public struct Miss: Sendable {
        public let line: Int
        public let expected: String
        public let got: String
        public let message: String
    }

    public private(set) var right = 0
    public private(set) var total = 0
    public private(set) var misses: [Miss] = []
    public var accuracy: Double { total == 0 ? 0 : Double(right) / Double(total) }

    public init(coach: Coach, lines text: String) {
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard !line.hasPrefix("#"), let tab = line.firstIndex(of: "\t") else { continue }
            let expected = String(line[..<tab]), message = String(line[line.index(after: tab)...])
            let got = coach.destination(of: message).label
            total += 1
            if got == expected { right += 1 } else { misses.append(Miss(line: number + 1, expected: expected, got: got, message: message)) }
        }
    }
}
