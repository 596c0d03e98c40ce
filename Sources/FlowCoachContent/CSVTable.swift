import Foundation

/// RFC 4180 CSV: fields in double quotes may hold the delimiter, line breaks and `""` for a quote;
/// lines end in CRLF, LF or CR; a byte order mark is dropped. Spreadsheets that write `;` or tabs
/// between fields (Excel in much of Europe) are read too: the header decides the delimiter.
public enum CSVTable {
    /// One record and the line of the file it starts on (1-based).
    public struct Record: Sendable, Equatable {
        public var line: Int
        public var fields: [String]
    }

    /// A problem that stops the whole file from being read.
    public struct Failure: Error, Sendable, Equatable {
        public var line: Int
        public var message: String

        public init(line: Int, message: String) {
            self.line = line
            self.message = message
        }
    }

    /// The text of a file: UTF-8 (with or without a byte order mark) or UTF-16 with one.
    public static func text(_ data: Data) -> String? {
        let bytes = [UInt8](data.prefix(3))
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) { return String(data: data, encoding: .utf16) }
        let body = bytes == [0xEF, 0xBB, 0xBF] ? data.dropFirst(3) : data
        return String(data: body, encoding: .utf8)
    }

    /// The records of `text`, blank lines left out.
    public static func records(_ text: String) -> Result<[Record], Failure> {
        let scalars = Array(text.unicodeScalars.drop { $0 == "\u{FEFF}" })
        let delimiter = self.delimiter(scalars)
        var records: [Record] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var inQuotes = false
        var quoteLine = 0
        var line = 1
        var recordLine = 1
        func endField() {
            fields.append(String(field))
            field = String.UnicodeScalarView()
        }
        func endRecord() {
            endField()
            if fields != [""] { records.append(Record(line: recordLine, fields: fields)) }
            fields = []
        }
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            let next = index + 1 < scalars.count ? scalars[index + 1] : nil
            index += 1
            if inQuotes {
                switch scalar {
                case "\"" where next == "\"":
                    field.append("\"")
                    index += 1
                case "\"":
                    inQuotes = false
                case "\r":
                    // A line break inside quotes is part of the value, written as the file wrote it.
                    field.append(scalar)
                    if next == "\n" {
                        field.append("\n")
                        index += 1
                    }
                    line += 1
                case "\n":
                    field.append(scalar)
                    line += 1
                default:
                    field.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty:
                inQuotes = true
                quoteLine = line
            case delimiter:
                endField()
            case "\r", "\n":
                if scalar == "\r", next == "\n" { index += 1 }
                endRecord()
                line += 1
                recordLine = line
            default:
                // A quote inside an unquoted field, or text after a closing quote, is kept as it is.
                field.append(scalar)
            }
        }
        if inQuotes { return .failure(Failure(line: quoteLine, message: "a quoted field that starts here is never closed (a `\"` is missing)")) }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return .success(records)
    }

    /// `,` unless the first line has more `;` or tabs (outside quotes).
    static func delimiter(_ scalars: [Unicode.Scalar]) -> Unicode.Scalar {
        var counts: [Unicode.Scalar: Int] = [",": 0, ";": 0, "\t": 0]
        var inQuotes = false
        for scalar in scalars {
            if scalar == "\"" { inQuotes.toggle() }
            if !inQuotes, scalar == "\n" || scalar == "\r" { break }
            if !inQuotes, counts[scalar] != nil { counts[scalar]! += 1 }
        }
        let best = counts.max { ($0.value, $0.key == "," ? 1 : 0) < ($1.value, $1.key == "," ? 1 : 0) }
        return best.map { $0.value > 0 ? $0.key : "," } ?? ","
    }
}
