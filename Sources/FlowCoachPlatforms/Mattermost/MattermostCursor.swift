import Foundation

/// Where reading the bot's direct channels resumes: per channel, the newest post read and the
/// posts read shortly before it. Committed with the effects of the batch it ends, as JSON.
///
/// A post counts as new when it was created after the newest one read, or within `window`
/// before it without having been read (two posts saved at nearly the same moment can become
/// visible out of order). Older posts that come back because they were edited, deleted or got a
/// reaction (`since` selects by update time) are never taken for new ones.
struct MattermostCursor: Codable, Equatable, Sendable {
    /// Milliseconds before the newest post read in which a late post is still taken.
    static let window: Int64 = 10_000

    var version = 1
    var channels: [String: Mark] = [:]

    /// One channel's position.
    struct Mark: Codable, Equatable, Sendable {
        /// The newest creation time read (ms since 1970).
        var t: Int64
        /// Posts read that were created within `window` of `t`, with their creation times.
        var ids: [String: Int64] = [:]
        /// Posts created at or before this time are old (the channel's history when flowcoach
        /// first started); dropped once `window` has passed it.
        var floor: Int64?

        /// A channel found after the first start: everything in it is new.
        static func fresh(createdAt: Int64) -> Mark { Mark(t: max(0, createdAt - 1)) }

        /// A channel found at the very first start: its history is not answered.
        static func history(upTo last: Int64) -> Mark { Mark(t: last, floor: last) }

        /// The `since` to ask for: every post updated after it can be new.
        var since: Int64 { max(0, t - MattermostCursor.window) }

        func isNew(_ post: MattermostPost) -> Bool {
            if let floor, post.createAt <= floor { return false }
            return post.createAt >= t - MattermostCursor.window && ids[post.id] == nil
        }

        /// The mark after reading `posts`: the newest creation time, the recent ids, the floor
        /// while it still matters.
        func advanced(by posts: [MattermostPost]) -> Mark {
            var next = self
            next.t = max(t, posts.map(\.createAt).max() ?? t)
            for post in posts where post.createAt >= next.t - MattermostCursor.window { next.ids[post.id] = post.createAt }
            next.ids = next.ids.filter { $0.value >= next.t - MattermostCursor.window }
            if let floor, floor < next.t - MattermostCursor.window { next.floor = nil }
            return next
        }
    }

    /// Reads a committed cursor; nil for none or one this version cannot read (then reading
    /// starts afresh, as at the first start).
    static func decode(_ text: String?) -> MattermostCursor? {
        guard let text, let cursor = try? JSONDecoder().decode(MattermostCursor.self, from: Data(text.utf8)), cursor.version == 1 else { return nil }
        return cursor
    }

    /// The cursor as compact JSON with sorted keys, so an unchanged position encodes the same.
    var encoded: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? String(decoding: encoder.encode(self), as: UTF8.self)) ?? "{}"
    }

    /// What one look at the channel list asks for: the direct channels to read now, with the
    /// `since` of each, and the cursor with the channels seen for the first time marked. With no
    /// committed cursor (the first start) nothing is read: old history is not answered.
    static func plan(_ cursor: MattermostCursor?, channels: [MattermostChannel], bot: String) -> (reads: [(channel: String, since: Int64)], cursor: MattermostCursor) {
        var next = cursor ?? MattermostCursor()
        var reads: [(channel: String, since: Int64)] = []
        for channel in channels.sorted(by: { $0.id < $1.id }) where channel.isDirect(with: bot) {
            let last = channel.lastPostAt ?? 0
            guard let mark = next.channels[channel.id] else {
                if cursor == nil {
                    next.channels[channel.id] = .history(upTo: max(last, channel.createAt ?? 0))
                } else {
                    let mark = Mark.fresh(createdAt: channel.createAt ?? 0)
                    next.channels[channel.id] = mark
                    reads.append((channel.id, mark.since))
                }
                continue
            }
            if last > mark.t { reads.append((channel.id, mark.since)) }
        }
        return (reads, next)
    }
}
