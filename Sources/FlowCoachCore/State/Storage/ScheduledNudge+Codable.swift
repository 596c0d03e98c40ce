import Foundation

/// Stored as `[id, due, nominal, priority]` with times in seconds since 1970: a million of
/// them load in a fraction of the time keyed objects with ISO dates take.
extension ScheduledNudge: Codable {
    public init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        id = try container.decode(String.self)
        due = Date(timeIntervalSince1970: try container.decode(Double.self))
        nominal = Date(timeIntervalSince1970: try container.decode(Double.self))
        priority = try container.decode(Int.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        try container.encode(id)
        try container.encode(due.timeIntervalSince1970)
        try container.encode(nominal.timeIntervalSince1970)
        try container.encode(priority)
    }
}
