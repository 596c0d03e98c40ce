import FlowCoachCore
import Testing

/// Halves of an index built apart and merged, and an index built in bulk, are the index built
/// one document at a time: the same documents, terms, frequencies and lengths, and the same
/// answers to every query.
@Suite struct TextIndexBuildTests {
    static let words = ["negotiation", "anchor", "budget", "feedback", "delegate", "café", "don’t", "listen", "price", "team", "the", "how", "client"]

    static func text(_ n: Int, _ length: Int) -> String {
        (0..<length).map { words[(n * 7 + $0 * 3 + $0 * $0) % words.count] }.joined(separator: " ")
    }

    @Test func mergedHalvesEqualOneIndex() {
        var whole = TextIndex()
        var first = TextIndex()
        var second = TextIndex()
        for n in 0..<300 {
            let fields = [(text: Self.text(n, 3 + n % 9), weight: 2.0), (text: Self.text(n + 1, n % 17), weight: 1.0)]
            whole.put("q\(n)", fields)
            if n < 150 { first.put("q\(n)", fields) } else { second.put("q\(n)", fields) }
        }
        // Removed documents in a half stay removed once merged.
        for n in stride(from: 151, to: 300, by: 10) {
            whole.remove("q\(n)")
            second.remove("q\(n)")
        }
        var merged = first
        merged.merge(second)
        #expect(merged == whole)
        #expect(merged.count == whole.count && merged.count == 285)
        for query in ["negotiation budget", "café", "how do I anchor the price", "team", "unknownword"] {
            let a = merged.search(query, limit: 10)
            let b = whole.search(query, limit: 10)
            #expect(a.map(\.id) == b.map(\.id), "\(query)")
            #expect(zip(a, b).allSatisfy { abs($0.score - $1.score) < 1e-9 }, "\(query)")
        }
        // The merged index goes on changing like any other.
        merged.put("q151", [(text: "anchor anchor anchor", weight: 2)])
        whole.put("q151", [(text: "anchor anchor anchor", weight: 2)])
        merged.remove("q0")
        whole.remove("q0")
        #expect(merged == whole)
        #expect(merged.search("anchor", limit: 1).first?.id == "q151")
    }

    @Test func aBulkBuildEqualsPuttingEachDocument() {
        var one = TextIndex()
        var bulk = TextIndex()
        var documents: [(id: String, fields: [(text: String, weight: Double)])] = []
        for n in 0..<400 {
            let fields = [(text: Self.text(n, 2 + n % 13), weight: 2.0), (text: Self.text(n + 3, n % 23), weight: 1.0)]
            if n < 100 {
                one.put("d\(n)", fields)
                bulk.put("d\(n)", fields)
            } else {
                one.put("d\(n)", fields)
                documents.append((id: "d\(n)", fields: fields))
            }
        }
        // On top of what is there, removals included.
        one.remove("d7")
        bulk.remove("d7")
        bulk.putNew(documents)
        #expect(bulk == one)
        #expect(bulk.count == 399)
        for query in ["negotiation budget", "café", "how do I anchor the price", "team client listen", "the"] {
            let a = bulk.search(query, limit: 20)
            let b = one.search(query, limit: 20)
            #expect(a.map(\.id) == b.map(\.id) && zip(a, b).allSatisfy { $0.score == $1.score }, "\(query)")
        }
        bulk.put("d150", [(text: "delegate delegate", weight: 2)])
        one.put("d150", [(text: "delegate delegate", weight: 2)])
        #expect(bulk == one)
    }
}
