/// Document-at-a-time BM25 with block-max MaxScore pruning (Turtle and Flood; Ding and Suel).
/// Documents are taken a window at a time, a window ending where the first of the terms'
/// current blocks ends, so within it each term adds at most its block's bound. A window whose
/// bounds together cannot reach the cut-off is skipped whole. Inside a window the terms are
/// ordered by bound: documents that have only the terms whose bounds together cannot reach the
/// cut-off are never visited, and a document is dropped as soon as what it has plus what its
/// remaining terms could add falls short.
enum MaxScore {
    /// Bounds are compared with this much room, so rounding in a differently ordered sum never
    /// prunes a document that would have made the cut.
    static let slack = 1 + 1e-9

    /// Scores the documents that can make the cut and hands each to `offer`, in increasing
    /// document order. `bar`: a document scoring below it cannot make the cut; `offer` returns
    /// the new bar. `norm(document)` is `BM25.norm` of its length, or negative to skip it.
    @inline(__always)
    static func search(
        _ terms: inout [TermCursor], bar initialBar: Double, norm: (UInt32) -> Double, offer: (UInt32, Double) -> Double
    ) {
        let count = terms.count
        guard count > 0 else { return }
        var bar = initialBar
        var contributions = [Double](repeating: 0, count: count)
        // Per window: the terms by increasing bound, and upTo[i], the most the first i + 1 add together.
        var ranked = Array(0..<count)
        var bounds = [Double](repeating: 0, count: count)
        var upTo = [Double](repeating: 0, count: count)
        while true {
            var start = Int.max
            var end = Int.max
            for index in 0..<count {
                start = min(start, terms[index].current)
                end = min(end, terms[index].blockEnd)
            }
            if start == .max { break }
            end += 1  // the window is start..<end
            var total = 0.0
            for index in 0..<count {
                bounds[index] = terms[index].current < end ? terms[index].blockBound : 0
                total += bounds[index]
            }
            if total * slack >= bar {
                ranked.sort { bounds[$0] < bounds[$1] }
                var sum = 0.0
                for rank in 0..<count {
                    sum += bounds[ranked[rank]]
                    upTo[rank] = sum * slack
                }
                // Ranks below `essential` cannot lift a document over the bar by themselves.
                var essential = 0
                while essential < count, upTo[essential] < bar { essential += 1 }
                while essential < count {
                    var document = Int.max
                    for rank in essential..<count { document = min(document, terms[ranked[rank]].current) }
                    if document >= end { break }
                    let documentNorm = norm(UInt32(document))
                    var partial = 0.0
                    for rank in essential..<count where terms[ranked[rank]].current == document {
                        let index = ranked[rank]
                        if documentNorm >= 0 {
                            let contribution = BM25.score(idf: terms[index].idf, frequency: terms[index].frequency, norm: documentNorm)
                            contributions[terms[index].order] = contribution
                            partial += contribution
                        }
                        terms[index].next()
                    }
                    guard documentNorm >= 0 else { continue }
                    var viable = true
                    var rank = essential - 1
                    while rank >= 0 {
                        if (partial + upTo[rank]) * slack < bar {
                            viable = false
                            break
                        }
                        let index = ranked[rank]
                        terms[index].advance(to: document)
                        if terms[index].current == document {
                            let contribution = BM25.score(idf: terms[index].idf, frequency: terms[index].frequency, norm: documentNorm)
                            contributions[terms[index].order] = contribution
                            partial += contribution
                        }
                        rank -= 1
                    }
                    if viable {
                        var score = 0.0
                        for contribution in contributions { score += contribution }
                        bar = offer(UInt32(document), score)
                        while essential < count, upTo[essential] < bar { essential += 1 }
                    }
                    for index in 0..<count { contributions[index] = 0 }
                }
            }
            for index in 0..<count { terms[index].advance(to: end) }
        }
    }
}
