import Mustache

/// An admin-written Mustache template. Values inserted with `{{name}}` pass through
/// `SafeText.neutralise`, so text a person typed can never ping a room or inject markup;
/// `{{{name}}}` inserts trusted values as they are.
public struct Template: Sendable, CustomStringConvertible {
    public let source: String
    private let compiled: MustacheTemplate
    /// Values fixed at load time (see `binding`), and the output pre-split around the per-person values.
    private var bound: Bound?

    private static let pragma = "{{% CONTENT_TYPE: CHAT}}"
    private static let registerContentType: Void = {
        MustacheContentTypes.register(ChatContentType(), named: "CHAT")
    }()

    /// Parses `source`; throws `TemplateError` with the line and column (1-based) inside `source`.
    public init(_ source: String) throws(TemplateError) {
        _ = Self.registerContentType
        self.source = source
        do {
            compiled = try MustacheTemplate(string: Self.pragma + source)
        } catch let error as MustacheTemplate.ParserError {
            let line = error.context.lineNumber
            let column = line == 1 ? max(1, error.context.columnNumber - Self.pragma.count) : error.context.columnNumber
            throw TemplateError(line: line, column: column, message: Self.describe(error.error))
        } catch {
            throw TemplateError(line: 1, column: 1, message: "\(error)")
        }
    }

    /// Renders with the given values (strings, numbers, booleans, arrays of dictionaries), plus
    /// the constants the template was bound to, plus a `one_<name>` for each whole number (see
    /// `countFlags`).
    public func render(_ values: [String: Any]) -> String {
        let values = Self.countFlags(values)
        guard let bound else { return compiled.render(values) }
        if let pieces = bound.pieces, let fast = Self.join(pieces, values, variables: bound.variables, trusted: bound.trusted) { return fast }
        var all: [String: Any] = bound.constants
        for (name, value) in values { all[name] = value }
        return compiled.render(all)
    }

    /// This template with `constants` fixed (e.g. the dialog list, known once content loads).
    /// When the per-person `variables` are only interpolated, rendering becomes joining
    /// pre-rendered text around them, sparing the interpreter's per-tag lookups. `trusted` are
    /// the variables the template inserts as they are (`{{{name}}}`); the others are made safe.
    public func binding(_ constants: [String: any Sendable], variables: [String], trusted: Set<String> = []) -> Template {
        var copy = self
        copy.bound = Bound(constants: constants, variables: variables, trusted: trusted, pieces: nil)
        var values: [String: Any] = constants
        for (number, name) in variables.enumerated() { values[name] = "\u{E000}\(number)\u{E001}" }
        let pieces = Self.pieces(compiled.render(values), variables: variables)
        // Use the pre-split form only if it renders exactly as the interpreter does.
        let probes = [["Ann Lee", "why <b>@room</b>?"], ["", "{{x}} 2"]]
        for probe in probes {
            var values: [String: Any] = constants
            var strings: [String: Any] = [:]
            for (name, value) in zip(variables, probe + Array(repeating: "z", count: max(0, variables.count - probe.count))) {
                values[name] = value
                strings[name] = value
            }
            guard Self.join(pieces, strings, variables: variables, trusted: trusted) == compiled.render(values) else { return copy }
        }
        copy.bound?.pieces = pieces
        return copy
    }

    public var description: String { source }

    /// `values` and, for every whole number among them (an integer, or digits as text) named
    /// `name`, a `one_<name>` that is true when it is 1: the singular is a section away,
    /// `{{count}} vote{{^one_count}}s{{/one_count}}`, with no flag to pass.
    static func countFlags(_ values: [String: Any]) -> [String: Any] {
        var all = values
        for (name, value) in values where !name.hasPrefix(countFlag) {
            let number: Int? =
                switch value {
                case let integer as any BinaryInteger: Int(exactly: integer)
                case let text as String: text.utf8.count < 20 ? Int(text) : nil
                default: nil
                }
            if let number, all[countFlag + name] == nil { all[countFlag + name] = number == 1 }
        }
        return all
    }

    /// The prefix of the flag `countFlags` adds for each number.
    public static let countFlag = "one_"

    /// Whether `binding` could pre-split this template (its variables are only interpolated).
    var isPreSplit: Bool { bound?.pieces != nil }

    /// Text around `\u{E000}n\u{E001}` markers, the markers turned back into variable names.
    private static func pieces(_ rendered: String, variables: [String]) -> [Piece] {
        var pieces: [Piece] = []
        var rest = rendered[...]
        while let open = rest.firstIndex(of: "\u{E000}"), let close = rest[open...].firstIndex(of: "\u{E001}"),
            let number = Int(rest[rest.index(after: open)..<close]), variables.indices.contains(number)
        {
            pieces.append(.text(String(rest[..<open])))
            pieces.append(.variable(variables[number]))
            rest = rest[rest.index(after: close)...]
        }
        pieces.append(.text(String(rest)))
        return pieces
    }

    /// The pieces joined with the values made safe, or nil unless `values` are exactly the
    /// bound variables, all strings.
    private static func join(_ pieces: [Piece], _ values: [String: Any], variables: [String], trusted: Set<String>) -> String? {
        guard values.count == variables.count, variables.allSatisfy({ values[$0] is String }) else { return nil }
        var out = ""
        for piece in pieces {
            switch piece {
            case .text(let text): out += text
            case .variable(let name):
                let value = values[name] as? String ?? ""
                out += trusted.contains(name) ? value : SafeText.neutralise(value)
            }
        }
        return out
    }

    private static func describe(_ error: any Error) -> String {
        guard let error = error as? MustacheTemplate.Error else {
            // The parser ran off the end of the text looking for a closing `}}`.
            return "\(error)" == "overflow" ? "a tag is not closed (missing `}}`)" : "\(error)"
        }
        switch error {
        case .sectionCloseNameIncorrect: return "a section is closed with a name that does not match its opening tag"
        case .unfinishedName: return "a tag is not closed (missing `}}`)"
        case .expectedSectionEnd: return "a section is opened but never closed (missing `{{/name}}`)"
        case .invalidSetDelimiter: return "invalid set-delimiter tag"
        case .transformAppliedToInheritanceSection, .illegalTokenInsideInheritSection, .textInsideInheritSection:
            return "template inheritance is not supported here"
        case .invalidConfigVariableSyntax, .unrecognisedConfigVariable: return "invalid `{{% ... }}` pragma"
        @unknown default: return "\(error)"
        }
    }
}

/// A template's constants and, when usable, its output pre-split around per-person values.
private struct Bound: Sendable {
    let constants: [String: any Sendable]
    let variables: [String]
    let trusted: Set<String>
    var pieces: [Piece]?
}

private enum Piece: Sendable, Equatable {
    case text(String)
    case variable(String)
}

/// Why a template did not parse, at a 1-based line and column inside the template text.
public struct TemplateError: Error, Sendable, Equatable {
    public var line: Int
    public var column: Int
    public var message: String

    public init(line: Int, column: Int, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }
}

/// Escapes every `{{value}}` for a chat message.
struct ChatContentType: MustacheContentType {
    func escapeText(_ text: String) -> String {
        SafeText.neutralise(text)
    }
}
