import Foundation

/// Barriers to adoption in the report: counts per category, a few examples in people's words,
/// and a breakdown per program and skill, each shown only when enough people named it.
extension ReportBuilder {
    static let barrierExamples = 3

    func barriers(_ scope: Scope, _ hidden: inout [String]) -> [Report.BarrierCount] {
        let barriers = state[Barrier.self].values
            .filter { barrier in inWindow(barrier.at) && scope.has(barrier.user) && (scope.program == nil || barrier.program == scope.program) }
            .sorted { $0.at > $1.at }
        let labels = Dictionary(content.language.barriers.map { ($0.id, $0.label) }) { first, _ in first }
        func label(_ id: String) -> String { labels[id] ?? "Other" }
        var rows: [Report.BarrierCount] = []
        let byCategory: [String: [Barrier]] = Dictionary(grouping: barriers) { $0.category }
        let ordered = byCategory.sorted { a, b in a.value.count != b.value.count ? a.value.count > b.value.count : a.key < b.key }
        for (category, group) in ordered {
            let people = Set(group.map(\.user)).count
            guard shows(people: people, "barriers/\(label(category))", &hidden) else { continue }
            let examples = group.prefix(Self.barrierExamples).map { Self.example($0.text) }
            rows.append(Report.BarrierCount(category: label(category), count: group.count, people: people, examples: examples))
        }
        let breakdown: [[String]: [Barrier]] = Dictionary(grouping: barriers) { [$0.program ?? "", $0.skill ?? "", $0.category] }
        for (key, group) in breakdown.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
            let people = Set(group.map(\.user)).count
            // Barriers with neither a program nor a skill are already the category rows above.
            guard people >= minimumGroup, !(key[0].isEmpty && key[1].isEmpty) else { continue }
            rows.append(Report.BarrierCount(category: label(key[2]), program: key[0].isEmpty ? nil : key[0], skill: key[1].isEmpty ? nil : key[1],
                                            count: group.count, people: people, examples: []))
        }
        return rows
    }

    /// One barrier as an example: its words with anything that could name someone taken out
    /// (`Anonymised`), markup neutralised, at most about 100 characters.
    static func example(_ text: String) -> String {
        let plain = SafeText.neutralise(Anonymised.text(text)).split(whereSeparator: \.isNewline).joined(separator: " ")
        return plain.count > 100 ? String(plain.prefix(97)) + "…" : plain
    }
}
