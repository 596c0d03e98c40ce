import Foundation
import Yams

/// Reads the fields of one YAML mapping, logging every problem (wrong type, missing field,
/// unknown key with a suggestion) instead of stopping at the first.
final class YAMLObject {
    let node: Node
    let source: YAMLFile
    /// What this mapping is, for messages ("dialog", "step 2").
    let what: String
    private var fields: [String: (key: Node, value: Node)] = [:]
    private var order: [String] = []

    /// Returns nil (after logging) when `node` is not a mapping.
    init?(_ node: Node, in source: YAMLFile, what: String) {
        guard let mapping = node.mapping else {
            source.add(node, "\(what) should be a mapping of `key: value` lines, found \(Self.kind(of: node))")
            return nil
        }
        self.node = node
        self.source = source
        self.what = what
        for (key, value) in mapping {
            guard let name = key.string else {
                source.add(key, "keys must be plain words")
                continue
            }
            fields[name] = (key, value)
            order.append(name)
        }
    }

    func has(_ key: String) -> Bool { fields[key] != nil }

    /// The keys in file order.
    var keys: [String] { order }

    func value(_ key: String) -> Node? { fields[key]?.value }

    func keyNode(_ key: String) -> Node? { fields[key]?.key }

    /// Logs every key not in `allowed`, suggesting the closest allowed one.
    func rejectUnknownKeys(_ allowed: [String]) {
        for name in order where !allowed.contains(name) {
            let hint = Suggestion.closest(to: name, in: allowed).map { " (did you mean `\($0)`?)" } ?? ""
            source.add(fields[name]?.key, "unknown key `\(name)` in \(what)\(hint)")
        }
    }

    private func missing(_ key: String) {
        source.add(node, "\(what) is missing the required field `\(key)`")
    }

    private func wrongType(_ key: String, expected: String, found node: Node) {
        source.add(node, "`\(key)` should be \(expected), found \(Self.kind(of: node))")
    }

    /// A text field. Numbers and booleans are accepted as their text.
    func string(_ key: String, required: Bool = false) -> String? {
        guard let node = value(key) else {
            if required { missing(key) }
            return nil
        }
        guard let scalar = node.scalar, node.null == nil || scalar.style != .plain else {
            wrongType(key, expected: "text", found: node)
            return nil
        }
        if required && scalar.string.trimmingCharacters(in: .whitespaces).isEmpty {
            source.add(node, "`\(key)` must not be empty")
            return nil
        }
        return scalar.string
    }

    /// A whole number.
    func int(_ key: String, required: Bool = false) -> Int? {
        plainScalar(key, required: required, expected: "a whole number", \.int)
    }

    /// The smallest group a report shows a figure for: at least 3, so no figure is one or two
    /// people's own answers.
    func reportMinimumGroup(_ key: String) -> Int? {
        guard let value = int(key) else { return nil }
        guard value >= 3 else {
            source.add(self.value(key), "`\(key)` must be at least 3: a figure drawn from one or two people shows their own answers")
            return nil
        }
        return value
    }

    /// A number.
    func double(_ key: String) -> Double? {
        plainScalar(key, expected: "a number", \.float)
    }

    /// true or false.
    func bool(_ key: String) -> Bool? {
        plainScalar(key, expected: "true or false", \.bool)
    }

    /// An unquoted scalar read by `convert`; anything else is logged as the wrong type.
    private func plainScalar<T>(_ key: String, required: Bool = false, expected: String, _ convert: (Node) -> T?) -> T? {
        guard let node = value(key) else {
            if required { missing(key) }
            return nil
        }
        guard node.scalar?.style == .plain, let value = convert(node) else {
            wrongType(key, expected: expected, found: node)
            return nil
        }
        return value
    }

    /// A list of nodes.
    func list(_ key: String, required: Bool = false) -> [Node]? {
        guard let node = value(key) else {
            if required { missing(key) }
            return nil
        }
        guard let sequence = node.sequence else {
            wrongType(key, expected: "a list (`[a, b]` or `- a` lines)", found: node)
            return nil
        }
        return Array(sequence)
    }

    /// A list of texts, each with its node for positions.
    func strings(_ key: String, required: Bool = false) -> [(text: String, node: Node)]? {
        guard let nodes = list(key, required: required) else { return nil }
        var result: [(String, Node)] = []
        for item in nodes {
            guard let scalar = item.scalar else {
                source.add(item, "each item of `\(key)` should be text, found \(Self.kind(of: item))")
                continue
            }
            result.append((scalar.string, item))
        }
        return result
    }

    /// A nested mapping.
    func object(_ key: String, required: Bool = false) -> YAMLObject? {
        guard let node = value(key) else {
            if required { missing(key) }
            return nil
        }
        return YAMLObject(node, in: source, what: "`\(key)`")
    }

    static func kind(of node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar):
            if scalar.style == .plain {
                if node.null != nil { return "nothing" }
                if node.bool != nil { return "true/false (\(scalar.string))" }
                if node.int != nil || node.float != nil { return "a number (\(scalar.string))" }
            }
            return "text \"\(scalar.string.prefix(40))\""
        }
    }
}

/// Finds the allowed name closest to a typo (edit distance at most 2, or a third of its length).
enum Suggestion {
    static func closest(to word: String, in candidates: [String]) -> String? {
        let scored = candidates.map { ($0, distance(word, $0)) }.min { $0.1 < $1.1 }
        guard let (best, score) = scored, score <= max(2, word.count / 3) else { return nil }
        return best
    }

    /// Levenshtein distance.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            previous = current
        }
        return previous[b.count]
    }
}
