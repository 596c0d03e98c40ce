extension SearchTokenizer {
    /// How the common characters outside ASCII (Latin letters with accents and other marks,
    /// typographic quotes, dashes and spaces) normalise on their own, worked out once with
    /// `TextNormalizer` itself. Such characters neither compose with their neighbours nor
    /// cluster with them, so a token of them and ASCII normalises character by character.
    struct Folding: Sendable {
        enum Kind: Sendable {
            /// Whitespace: separates words and shows nothing.
            case space
            /// Punctuation or a symbol: separates words.
            case separator
            /// Folds to letters or digits (`bytes`, UTF-8), each its own character.
            case letters
            /// Anything else: the token goes the whole Unicode way.
            case other
        }

        let kind: Kind
        let bytes: [UInt8]

        /// U+0080–U+024F (Latin-1 Supplement, Latin Extended-A and -B) and U+2000–U+206F (General Punctuation).
        @inline(__always)
        static func slot(_ value: UInt32) -> Int? {
            if value >= 0x80, value < 0x250 { return Int(value) - 0x80 }
            if value >= 0x2000, value < 0x2070 { return Int(value) - 0x2000 + 0x1D0 }
            return nil
        }

        static let table: [Folding] = (Array(0x80..<0x250) + Array(0x2000..<0x2070)).map { value in
            Unicode.Scalar(UInt32(value)).map(Folding.init) ?? Folding(kind: .other, bytes: [])
        }

        init(kind: Kind, bytes: [UInt8]) {
            self.kind = kind
            self.bytes = bytes
        }

        init(_ scalar: Unicode.Scalar) {
            func isLetterOrNumber(_ category: Unicode.GeneralCategory) -> Bool {
                switch category {
                case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber, .letterNumber, .otherNumber: true
                default: false
                }
            }
            func isPunctuationOrSymbol(_ category: Unicode.GeneralCategory) -> Bool {
                switch category {
                case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation, .finalPunctuation,
                     .otherPunctuation, .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol: true
                default: false
                }
            }
            if SafeText.invisible.contains(scalar) {
                self.init(kind: .other, bytes: [])
                return
            }
            if scalar.properties.isWhitespace, String(scalar).first?.isWhitespace == true {
                self.init(kind: .space, bytes: [])
                return
            }
            let folded = TextNormalizer.normalize(String(scalar))
            let scalars = Array(folded.unicodeScalars)
            if !scalars.isEmpty, scalars.count == folded.count, folded.utf8.count <= 2 * String(scalar).utf8.count,
               scalars.allSatisfy({ isLetterOrNumber($0.properties.generalCategory) }),
               folded.allSatisfy({ $0.isLetter || $0.isNumber }) {
                self.init(kind: .letters, bytes: Array(folded.utf8))
            } else if !scalars.isEmpty, scalars.allSatisfy({ isPunctuationOrSymbol($0.properties.generalCategory) }),
                      folded.allSatisfy({ !($0.isLetter || $0.isNumber) }) {
                self.init(kind: .separator, bytes: [])
            } else {
                self.init(kind: .other, bytes: [])
            }
        }

        /// The scalar whose UTF-8 encoding starts at `index`, and its length in bytes.
        @inline(__always)
        static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (value: UInt32, length: Int) {
            let lead = bytes[index]
            let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
            var value = UInt32(lead) & (length == 4 ? 0x07 : length == 3 ? 0x0F : 0x1F)
            for offset in 1..<length { value = value << 6 | UInt32(bytes[index + offset] & 0x3F) }
            return (value, length)
        }

        /// Whether the token in `range` has only ASCII letters and digits and characters of the
        /// table that are not `.other`; if so, whether anything in it shows (is not whitespace).
        static func simpleToken(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool? {
            let table = Self.table
            var shows = false
            var position = range.lowerBound
            while position < range.upperBound {
                if bytes[position] < 0x80 {
                    shows = true
                    position += 1
                    continue
                }
                let (value, length) = decode(bytes, at: position)
                guard let slot = slot(value) else { return nil }
                switch table[slot].kind {
                case .other: return nil
                case .space: break
                case .separator, .letters: shows = true
                }
                position += length
            }
            return shows
        }
    }
}
