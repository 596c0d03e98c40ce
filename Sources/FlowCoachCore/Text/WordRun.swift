extension Array where Element == String {
    /// Whether `phrase` occurs in these words as an unbroken run (an empty phrase never does).
    func containsRun(_ phrase: [String]) -> Bool {
        guard !phrase.isEmpty, phrase.count <= count else { return false }
        for start in 0...(count - phrase.count) where self[start] == phrase[0] {
            if self[start..<(start + phrase.count)].elementsEqual(phrase) { return true }
        }
        return false
    }
}
