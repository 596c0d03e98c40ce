/// One problem in an admin's file, at a 1-based line and column.
public struct ContentIssue: Sendable, Hashable, Comparable {
    /// The file, relative to the content root (e.g. `Prompts/dialogs/feedback.yaml`).
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `path:line:column: message`, with the path as the person named the root.
    public func formatted(root: String) -> String {
        "\(Self.path(file, root: root)):\(line):\(column): \(message)"
    }

    /// `file` as the person named the root (`./Prompts/…` stays `Prompts/…`).
    public static func path(_ file: String, root: String) -> String {
        root == "." || root.isEmpty ? file : (root.hasSuffix("/") ? root : root + "/") + file
    }

    public static func < (lhs: ContentIssue, rhs: ContentIssue) -> Bool {
        (lhs.file, lhs.line, lhs.column, lhs.message) < (rhs.file, rhs.line, rhs.column, rhs.message)
    }
}

/// Every problem found in `Prompts/` and `Config/`, sorted by file and position.
public struct ContentError: Error, Sendable, CustomStringConvertible {
    public var issues: [ContentIssue]

    public var description: String {
        issues.map { $0.formatted(root: ".") }.joined(separator: "\n")
    }
}

/// Collects issues while a load goes on, so one run reports all of them.
final class IssueLog {
    private(set) var issues: [ContentIssue] = []

    func add(_ file: String, _ position: Position, _ message: String) {
        issues.append(ContentIssue(file: file, line: position.line, column: position.column, message: message))
    }
}

/// A 1-based line and column.
struct Position: Sendable, Hashable {
    var line: Int
    var column: Int

    static let start = Position(line: 1, column: 1)
}
