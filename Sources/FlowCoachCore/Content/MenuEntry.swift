import Mustache

/// One line of the dialog list that welcome, help and fallback messages repeat with
/// `{{#dialogs}}...{{/dialogs}}`: built once per content load. Looking values up through
/// `MustacheParent` spares the renderer the dynamic casts a dictionary costs per tag.
public final class MenuEntry: MustacheParent, Sendable {
    public let title: String
    public let summary: String
    public let command: String

    init(_ dialog: Dialog) {
        title = dialog.title
        summary = dialog.summary
        command = dialog.triggers.commands.first ?? dialog.title
    }

    public func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "summary": summary
        case "command": command
        default: nil
        }
    }
}
