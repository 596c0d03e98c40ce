/// Splits text into search terms: normalised words, stop words dropped, lightly stemmed.
///
/// The terms are exactly `TextNormalizer.words` without stop words, each through `Stemmer.stem`,
/// but found without a String per word: runs of ASCII letters and digits are lower-cased,
/// checked and stemmed as bytes; only the stretches of text with other characters (accents,
/// typographic quotes, other scripts) go through the Unicode normaliser, cut at places where
/// that gives the same words as normalising the whole text (see `scan`).
public enum SearchTokenizer {
    /// Common English words that carry no meaning for search.
    static let stopWords: Set<String> = [
        "a", "about", "after", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "been", "before", "but", "by",
        "can", "could", "did", "do", "does", "for", "from", "get", "had", "has", "have", "he", "her", "him", "his", "how", "i",
        "if", "in", "into", "is", "it", "its", "just", "me", "my", "no", "not", "of", "on", "or", "our", "out", "she", "so",
        "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "to", "too", "up", "us", "was", "we",
        "were", "what", "when", "where", "which", "who", "why", "will", "with", "would", "you", "your",
    ]

    /// The search terms of `text`, in order (repeats kept).
    public static func terms(_ text: String) -> [String] {
        var terms: [String] = []
        forEachTerm(in: text) { terms.append(String(decoding: $0, as: UTF8.self)) }
        return terms
    }

    /// Calls `body` with the UTF-8 bytes of each of `text`'s terms, in order: the same terms as
    /// `terms(_:)`. The buffer is valid only during the call.
    static func forEachTerm(in text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var text = text
        text.withUTF8 { scan($0, body) }
    }

    /// The reference definition, word by word through the Unicode normaliser.
    static func unicodeTerms(_ text: String) -> [String] {
        TextNormalizer.words(text).compactMap { word in
            stopWords.contains(word) ? nil : Stemmer.stem(word)
        }
    }

    // MARK: scanning

    /// ASCII bytes other than letters and digits: every one of them separates words, in the
    /// ASCII fast path of `TextNormalizer` and in its Unicode path alike.
    @inline(__always)
    private static func isSeparator(_ byte: UInt8) -> Bool {
        byte < 0x80 && !(byte &- 0x61 < 26 || byte &- 0x41 < 26 || byte &- 0x30 < 10)
    }

    /// Walks the bytes a token at a time (a token: what lies between ASCII separators).
    /// - ASCII letters and digits only: one word, lower-cased, checked and stemmed as bytes.
    /// - Also common characters outside ASCII (`Folding`): each replaced by how it normalises
    ///   on its own, which is how it normalises anywhere, as it neither composes nor clusters
    ///   with its neighbours.
    /// - Anything else: normalised on its own, together with the separators in front of it (so a
    ///   combining mark after a space clusters with the space, and whitespace collapses, as in
    ///   the whole text; see `emitUnicode`).
    /// Cutting the text before ASCII separators gives the words normalising the whole text gives:
    /// no character composes with an ASCII separator (NFKC) and each starts a new grapheme, unless
    /// the character before it is a Unicode "prepend" character (Arabic number signs, Malayalam
    /// dot reph, some Brahmi-derived scripts); a text with one of those is normalised whole. The
    /// tests check this against normalising whole texts, on random text full of such cases.
    private static func scan(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        let n = bytes.count
        var asked = (last: UInt32.max, joins: false)
        for index in 0..<n where bytes[index] >= 0xC0 && joinsForward(bytes, at: index, asked: &asked) {
            for var term in unicodeTerms(String(decoding: bytes, as: UTF8.self)) { term.withUTF8 { body($0) } }
            return
        }
        let stops = stopTable
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 2 * n + 8) { buffer in
            // Until an ASCII letter, digit or punctuation mark is seen, what came before may all be
            // trimmed as whitespace: the pieces with other bytes are kept and normalised as one
            // from the start of the text.
            var visible = false
            var pendingEnd = 0
            var index = 0
            while index < n {
                let separatorsStart = index
                var punctuation = false
                while index < n, isSeparator(bytes[index]) {
                    if bytes[index] > 0x20, bytes[index] < 0x7F { punctuation = true }
                    index += 1
                }
                let tokenStart = index
                var plain = true
                while index < n, !isSeparator(bytes[index]) {
                    if bytes[index] >= 0x80 { plain = false }
                    index += 1
                }
                guard tokenStart < n else { break }
                if !visible, punctuation || plain {
                    visible = true
                    if pendingEnd > 0 { emitUnicode(UnsafeBufferPointer(rebasing: bytes[0..<separatorsStart]), afterWord: false, body) }
                }
                if plain {
                    emitASCII(bytes, tokenStart..<index, buffer, stops, body)
                    continue
                }
                if let shows = Folding.simpleToken(bytes, tokenStart..<index) {
                    if shows, !visible {
                        visible = true
                        if pendingEnd > 0 { emitUnicode(UnsafeBufferPointer(rebasing: bytes[0..<separatorsStart]), afterWord: false, body) }
                    }
                    emitSimple(bytes, tokenStart..<index, buffer, stops, body)
                } else if visible {
                    emitUnicode(UnsafeBufferPointer(rebasing: bytes[separatorsStart..<index]), afterWord: true, body)
                } else {
                    pendingEnd = index
                }
            }
            if !visible, pendingEnd > 0 { emitUnicode(UnsafeBufferPointer(rebasing: bytes[0..<pendingEnd]), afterWord: false, body) }
        }
    }

    /// Whether the character whose UTF-8 encoding starts at `index` forms one grapheme with a
    /// following ASCII separator or space (a "prepend" character). Blocks without any are not asked.
    private static func joinsForward(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, asked: inout (last: UInt32, joins: Bool)) -> Bool {
        let value = Folding.decode(bytes, at: index).value
        switch value {
        case ..<0x0600, 0x1E00..<0x2C00, 0x2E80..<0xA000, 0xAC00..<0xD7A4, 0xF900..<0xFB00,
             0xFF00..<0xFFF0, 0x1_F000..<0x1_FB00, 0x2_0000..<0x4_0000:
            return false
        default:
            if value == asked.last { return asked.joins }
            guard let scalar = Unicode.Scalar(value) else { return false }
            let character = String(scalar)
            asked = (value, (character + ",").count == 1 || (character + " ").count == 1)
            return asked.joins
        }
    }

    /// Normalises `chunk` and emits its terms. After something visible, the chunk is normalised
    /// behind a stand-in word ("x", dropped again), so its leading separators collapse as in the
    /// whole text (whitespace becomes one space, which a following mark clusters with) instead of
    /// being trimmed.
    private static func emitUnicode(_ chunk: UnsafeBufferPointer<UInt8>, afterWord: Bool, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        let text = String(decoding: chunk, as: UTF8.self)
        var terms = unicodeTerms(afterWord ? "x" + text : text)[...]
        if afterWord, terms.first == "x" { terms = terms.dropFirst() }
        for var term in terms {
            term.withUTF8 { body($0) }
        }
    }

    /// Lower-cases, drops a stop word, stems (as `Stemmer.stem` does for ASCII) and emits.
    @inline(__always)
    private static func emitASCII(
        _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ buffer: UnsafeMutableBufferPointer<UInt8>, _ stops: StopTable,
        _ body: (UnsafeBufferPointer<UInt8>) -> Void
    ) {
        var count = 0
        for position in range {
            let byte = bytes[position]
            buffer[count] = byte &- 0x41 < 26 ? byte | 0x20 : byte
            count += 1
        }
        emitLowercaseASCII(buffer, count, stops, body)
    }

    /// Emits the lower-case ASCII word in `buffer[0..<count]` unless it is a stop word, stemmed.
    @inline(__always)
    private static func emitLowercaseASCII(
        _ buffer: UnsafeMutableBufferPointer<UInt8>, _ count: Int, _ stops: StopTable, _ body: (UnsafeBufferPointer<UInt8>) -> Void
    ) {
        if count <= StopTable.longest {
            var packed: UInt64 = 0
            for offset in 0..<count { packed |= UInt64(buffer[offset]) << (UInt64(offset) * 8) }
            if stops.contains(packed) { return }
        }
        let stemmed = stemmedLength(buffer, count)
        body(UnsafeBufferPointer(rebasing: buffer[0..<stemmed]))
    }

    /// Emits the words of a token `Folding.simpleToken` accepts: each character's folded form
    /// from the table, words split at the spaces and punctuation.
    private static func emitSimple(
        _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ buffer: UnsafeMutableBufferPointer<UInt8>, _ stops: StopTable,
        _ body: (UnsafeBufferPointer<UInt8>) -> Void
    ) {
        let table = Folding.table
        var count = 0
        var ascii = true
        func finish() {
            guard count > 0 else { return }
            if ascii {
                emitLowercaseASCII(buffer, count, stops, body)
            } else {
                var term = Stemmer.stem(String(decoding: UnsafeBufferPointer(rebasing: buffer[0..<count]), as: UTF8.self))
                term.withUTF8 { body($0) }
            }
            count = 0
            ascii = true
        }
        var position = range.lowerBound
        while position < range.upperBound {
            let byte = bytes[position]
            if byte < 0x80 {
                buffer[count] = byte &- 0x41 < 26 ? byte | 0x20 : byte
                count += 1
                position += 1
                continue
            }
            let (value, length) = Folding.decode(bytes, at: position)
            position += length
            let folding = table[Folding.slot(value)!]
            switch folding.kind {
            case .letters:
                for byte in folding.bytes {
                    buffer[count] = byte
                    count += 1
                    if byte >= 0x80 { ascii = false }
                }
            default:
                finish()
            }
        }
        finish()
    }

    /// `Stemmer.stem` on lower-case ASCII in place: the first suffix in `Stemmer`'s order that
    /// leaves at least four characters is cut ("ies" becomes "y"). Returns the new length.
    @inline(__always)
    private static func stemmedLength(_ word: UnsafeMutableBufferPointer<UInt8>, _ count: Int) -> Int {
        guard count >= 5 else { return count }
        func ends(_ suffix: StaticString) -> Bool {
            let length = suffix.utf8CodeUnitCount
            guard count - length >= 4 else { return false }
            let pointer = suffix.utf8Start
            for offset in 0..<length where word[count - length + offset] != pointer[offset] { return false }
            return true
        }
        switch word[count - 1] {
        case UInt8(ascii: "s"):
            if ends("ations") { return count - 6 }
            if ends("ates") { return count - 4 }
            if ends("ings") { return count - 4 }
            if ends("ies") {
                word[count - 3] = UInt8(ascii: "y")
                return count - 2
            }
            if ends("es") { return count - 2 }
            return count - 1
        case UInt8(ascii: "n"):
            return ends("ation") ? count - 5 : count
        case UInt8(ascii: "g"):
            if ends("ating") { return count - 5 }
            return ends("ing") ? count - 3 : count
        case UInt8(ascii: "d"):
            if ends("ated") { return count - 4 }
            return ends("ed") ? count - 2 : count
        case UInt8(ascii: "e"):
            return ends("ate") ? count - 3 : count
        default:
            return count
        }
    }

    // MARK: stop words as bytes

    /// The stop words packed into integers (up to eight ASCII bytes), in a small open-addressing table.
    struct StopTable: Sendable {
        static let longest = 8
        let slots: [UInt64]

        init(_ words: Set<String>) {
            var slots = [UInt64](repeating: 0, count: 512)
            for word in words where word.utf8.count <= Self.longest {
                var packed: UInt64 = 0
                for (offset, byte) in word.utf8.enumerated() { packed |= UInt64(byte) << (UInt64(offset) * 8) }
                var slot = Self.slot(packed)
                while slots[slot] != 0 { slot = (slot + 1) & 511 }
                slots[slot] = packed
            }
            self.slots = slots
        }

        @inline(__always)
        static func slot(_ packed: UInt64) -> Int { Int(truncatingIfNeeded: (packed &* 0x9E37_79B9_7F4A_7C15) >> 55) }

        @inline(__always)
        func contains(_ packed: UInt64) -> Bool {
            var slot = Self.slot(packed)
            while true {
                let entry = slots[slot]
                if entry == packed { return true }
                if entry == 0 { return false }
                slot = (slot + 1) & 511
            }
        }
    }

    static let stopTable = StopTable(stopWords)
}
