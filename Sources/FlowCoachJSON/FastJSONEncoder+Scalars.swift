import Foundation

// Numbers and dates as `FastJSONEncoder` writes them: what `JSONEncoder` with the `.iso8601`
// date strategy writes for the same values.

extension FastJSONEncoder {
    func writeInteger<I: BinaryInteger>(_ value: I) {
        if value == 0 { return bytes.append(UInt8(ascii: "0")) }
        var magnitude = value.magnitude
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            while magnitude > 0 {
                buffer[19 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            }
            bytes.append(contentsOf: buffer[(20 - count)...])
        }
    }

    func writeDouble(_ value: Double) throws { try writeFloatingPoint(value, wholeBelow: 1e15) }

    func writeFloat(_ value: Float) throws { try writeFloatingPoint(value, wholeBelow: 1e7) }

    /// A whole number below `limit` as an integer (`2`, as `JSONEncoder` writes 2.0), anything
    /// else in Swift's shortest form; infinities and NaN are `Unsupported`.
    private func writeFloatingPoint<F: BinaryFloatingPoint & CustomStringConvertible>(_ value: F, wholeBelow limit: F) throws {
        guard value.isFinite else { throw Unsupported() }
        if value == value.rounded(), abs(value) < limit {
            writeInteger(Int64(value))
        } else {
            bytes += Array(value.description.utf8)
        }
    }

    /// `2026-11-18T11:06:40Z`, as the `.iso8601` strategy writes it (whole seconds, UTC).
    func writeDate(_ date: Date) throws {
        let time = date.timeIntervalSince1970
        guard time.isFinite, abs(time) < 3e11 else { throw Unsupported() }
        let whole = Int64(time.rounded(.down))
        let days = whole >= 0 ? whole / 86_400 : (whole - 86_399) / 86_400
        let second = whole - days * 86_400
        // Days since 1970-01-01 to a civil date (H. Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        guard year >= 1, year <= 9999 else { throw Unsupported() }
        func two(_ value: Int64) {
            bytes.append(UInt8(ascii: "0") + UInt8(value / 10))
            bytes.append(UInt8(ascii: "0") + UInt8(value % 10))
        }
        bytes.append(UInt8(ascii: "\""))
        two(year / 100)
        two(year % 100)
        bytes.append(UInt8(ascii: "-"))
        two(month)
        bytes.append(UInt8(ascii: "-"))
        two(day)
        bytes.append(UInt8(ascii: "T"))
        two(second / 3600)
        bytes.append(UInt8(ascii: ":"))
        two(second / 60 % 60)
        bytes.append(UInt8(ascii: ":"))
        two(second % 60)
        write("Z\"")
    }
}
