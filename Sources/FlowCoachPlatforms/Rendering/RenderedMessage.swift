/// One message as a platform sends it: the plain text, and the formatted version for a platform
/// that shows one.
public struct RenderedMessage: Sendable, Equatable {
    /// The text as the core wrote it (a fallback for clients that show no formatting).
    public var body: String
    /// The same text as HTML, when the platform shows HTML.
    public var html: String?

    public init(body: String, html: String? = nil) {
        self.body = body
        self.html = html
    }

    /// The core's text as messages for a platform with `capabilities`: split to its length,
    /// with HTML when it shows HTML. A part whose HTML (escapes and tags add bytes) is still too
    /// long is split again, finer.
    public static func render(_ text: String, for capabilities: PlatformCapabilities) -> [RenderedMessage] {
        render(text, limit: capabilities.maxLength, html: capabilities.formatting == .html, budget: capabilities.maxLength)
    }

    /// The smallest parts a too-long HTML version makes the text split into: an eighth of the
    /// limit, as escapes make at most five bytes of one. A part still too long then goes out as
    /// plain text alone.
    static func smallestBudget(_ limit: Int) -> Int { max(16, limit / 8) }

    private static func render(_ text: String, limit: Int, html: Bool, budget: Int) -> [RenderedMessage] {
        var messages: [RenderedMessage] = []
        for part in MessageSplitter.split(text, limit: budget) {
            guard html else {
                messages.append(RenderedMessage(body: part))
                continue
            }
            let formatted = LightMarkup.html(part)
            let size = formatted.utf8.count
            if size <= limit {
                messages.append(RenderedMessage(body: part, html: formatted))
            } else if budget > smallestBudget(limit) {
                // As much plain text as makes `limit` bytes of HTML at this part's ratio, and less than before.
                let smaller = min(budget - 1, part.utf8.count * limit / size)
                messages += render(part, limit: limit, html: true, budget: max(smallestBudget(limit), smaller))
            } else {
                messages.append(RenderedMessage(body: part))
            }
        }
        return messages
    }
}
