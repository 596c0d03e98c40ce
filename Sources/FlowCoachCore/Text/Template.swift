import Mustache

/// An admin-written Mustache template. Values inserted with `{{name}}` pass through
/// `SafeText.neutralise`, so text a person typed can never ping a room or inject markup;
/// `{{{name}}}` inserts trusted values as they are.
public struct Template: Sendable, CustomStringConvertible {
    public let source: String
    private let compiled: MustacheTemplate

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

    /// Renders with the given values (strings, numbers, booleans, arrays of dictionaries).
    public func render(_ values: [String: Any]) -> String {
        compiled.render(values)
    }

    public var description: String { source }

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
