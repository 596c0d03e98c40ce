import Foundation
import Yams

/// One YAML text (a whole file, or a Markdown file's front matter) with what is needed to turn
/// parser marks into positions in the real file.
struct YAMLFile {
    /// The file, relative to the content root.
    let file: String
    /// The file's lines, to locate text inside block scalars.
    let lines: [Substring]
    /// Lines before the YAML text in the file (the `---` of front matter).
    let lineOffset: Int
    let log: IssueLog

    init(file: String, text: String, lineOffset: Int = 0, log: IssueLog) {
        self.file = file
        self.lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        self.lineOffset = lineOffset
        self.log = log
    }

    /// Parses `text`; on a syntax error logs it with its position and returns nil.
    func parse(_ text: String) -> Node? {
        do {
            return try Yams.compose(yaml: text)
        } catch let error as YamlError {
            let (mark, problem) = Self.describe(error)
            log.add(file, position(mark), "YAML syntax error: \(problem)")
        } catch {
            log.add(file, .start, "YAML syntax error: \(error)")
        }
        return nil
    }

    func position(_ mark: Mark?) -> Position {
        guard let mark else { return Position(line: 1 + lineOffset, column: 1) }
        return Position(line: mark.line + lineOffset, column: mark.column)
    }

    func position(of node: Node) -> Position {
        position(node.mark)
    }

    func add(_ node: Node?, _ message: String) {
        log.add(file, node.map(position(of:)) ?? Position(line: 1 + lineOffset, column: 1), message)
    }

    /// The position in the file of a 1-based line/column inside a scalar's value.
    func position(inside node: Node, line: Int, column: Int) -> Position {
        let start = position(of: node)
        guard let scalar = node.scalar else { return start }
        switch scalar.style {
        case .literal, .folded:
            // The value starts on the line after the `|` or `>` indicator, at the block's indentation.
            let fileLine = start.line + line
            let text = fileLine - 1 < lines.count ? lines[fileLine - 1] : ""
            let indent = text.prefix { $0 == " " }.count
            return Position(line: fileLine, column: indent + column)
        case .singleQuoted, .doubleQuoted:
            return line == 1 ? Position(line: start.line, column: start.column + column) : Position(line: start.line + line - 1, column: column)
        default:
            return line == 1 ? Position(line: start.line, column: start.column + column - 1) : Position(line: start.line + line - 1, column: column)
        }
    }

    static func describe(_ error: YamlError) -> (Mark?, String) {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            return (mark, context.map { "\(problem) (\($0.text))" } ?? problem)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return (context.mark, "duplicate key \(duplicates.joined(separator: ", ")) in one mapping")
        case .reader(let problem, _, _, _):
            return (nil, problem)
        default:
            return (nil, "\(error)")
        }
    }
}
