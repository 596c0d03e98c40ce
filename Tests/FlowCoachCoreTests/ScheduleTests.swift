import FlowCoachCore
import Foundation
import Testing

/// Schedule expansion across time zones and daylight-saving changes, and delivery windows.
@Suite struct ScheduleTests {
    static func utc(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        return formatter.date(from: text)!
    }

    static func clock(_ zone: String) -> LocalClock { LocalClock(TimeZone(identifier: zone)!) }

    @Test(arguments: [
        // schedule, zone, after (UTC), expected next (UTC)
        ("weekdays at 09:30", "Europe/Berlin", "2026-03-27T09:00:00Z", "2026-03-30T07:30:00Z"),  // Fri 10:00 CET → Mon 09:30 CEST
        ("weekdays at 09:30", "Europe/Berlin", "2026-03-26T20:00:00Z", "2026-03-27T08:30:00Z"),  // before the jump: 09:30 CET
        ("weekdays at 09:30", "Europe/Berlin", "2026-10-23T10:00:00Z", "2026-10-26T08:30:00Z"),  // Mon after fall-back: 09:30 CET
        ("daily at 02:30", "Europe/Berlin", "2026-03-28T12:00:00Z", "2026-03-29T01:30:00Z"),  // skipped 02:30 → 03:30 CEST
        ("daily at 02:30", "Europe/Berlin", "2026-10-24T12:00:00Z", "2026-10-25T00:30:00Z"),  // repeated 02:30 → the first (CEST)
        ("daily at 09:30", "America/New_York", "2026-03-07T15:00:00Z", "2026-03-08T13:30:00Z"),  // EDT from Mar 8
        ("mondays at 08:00", "Asia/Kolkata", "2026-11-25T00:00:00Z", "2026-11-30T02:30:00Z"),  // +05:30, no DST
        ("30 9 * * 1-5", "Europe/London", "2026-12-24T12:00:00Z", "2026-12-25T09:30:00Z"),  // cron: Fri Dec 25 is a weekday
        ("0 9 1 * *", "UTC", "2026-11-25T00:00:00Z", "2026-12-01T09:00:00Z"),
        ("0 9,17 * * sat", "UTC", "2026-11-28T10:00:00Z", "2026-11-28T17:00:00Z"),
        ("*/15 10 * * *", "UTC", "2026-11-25T10:20:00Z", "2026-11-25T10:30:00Z"),
        ("2026-12-01 10:00", "Europe/Berlin", "2026-11-25T00:00:00Z", "2026-12-01T09:00:00Z"),
    ])
    func expandsInLocalTime(schedule: String, zone: String, after: String, expected: String) throws {
        let parsed = try ScheduleParser.parse(schedule)
        #expect(parsed.next(after: Self.utc(after), clock: Self.clock(zone)) == Self.utc(expected))
    }

    @Test func aOneOffInThePastHasNoNextTime() throws {
        #expect(try ScheduleParser.parse("on 2026-01-01 at 10:00").next(after: Self.utc("2026-11-25T00:00:00Z"), clock: Self.clock("UTC")) == nil)
    }

    @Test func relativeSchedulesCountFromTheirAnchor() throws {
        let berlin = Self.clock("Europe/Berlin")
        let anchor = Self.utc("2026-03-27T16:00:00Z")  // Friday 17:00 CET
        #expect(try ScheduleParser.parse("+2d at 10:00").next(after: anchor, clock: berlin, anchor: anchor) == Self.utc("2026-03-29T08:00:00Z"))
        #expect(try ScheduleParser.parse("+1w").next(after: anchor, clock: berlin, anchor: anchor) == Self.utc("2026-04-03T15:00:00Z"), "17:00 local a week later, now CEST")
        #expect(try ScheduleParser.parse("+3h").next(after: anchor, clock: berlin, anchor: anchor) == Self.utc("2026-03-27T19:00:00Z"))
    }

    @Test(arguments: [
        ("weekdays at 25:00", "not a time of day"),
        ("fridays 10:00", "not a schedule"),
        ("blursday at 10:00", "not a day"),
        ("61 * * * *", "minute field"),
        ("+2x", "unknown unit"),
    ])
    func badSchedulesSayWhatIsExpected(text: String, message: String) {
        #expect(throws: ScheduleError.self) { try ScheduleParser.parse(text) }
        do {
            _ = try ScheduleParser.parse(text)
        } catch {
            #expect(error.description.contains(message), "\(error.description)")
        }
    }

    @Test(arguments: [
        // due (UTC), expected (UTC) in Europe/Berlin: quiet 20:00-08:00, working 09:00-17:30, Sat+Sun off, Dec 25 holiday
        ("2026-11-25T10:00:00Z", "2026-11-25T10:00:00Z"),  // Wed 11:00: fine
        ("2026-11-25T06:30:00Z", "2026-11-25T08:00:00Z"),  // 07:30 quiet → 09:00 working start
        ("2026-11-25T17:00:00Z", "2026-11-26T08:00:00Z"),  // 18:00 after work → next day 09:00
        ("2026-11-27T19:30:00Z", "2026-11-30T08:00:00Z"),  // Fri 20:30 → Mon 09:00
        ("2026-12-24T17:00:00Z", "2026-12-28T08:00:00Z"),  // Thu evening → Fri 25th holiday → weekend → Mon
    ])
    func quietHoursWeekendsAndHolidaysMoveANudge(due: String, expected: String) {
        var rules = DeliveryRules()
        rules.quietHours = (20 * 60, 8 * 60)
        rules.workingHours = (9 * 60, 17 * 60 + 30)
        rules.holidays = [LocalClock.Day("2026-12-25")!]
        #expect(rules.nextAllowed(Self.utc(due), clock: Self.clock("Europe/Berlin")) == Self.utc(expected))
    }
}

@Suite struct ScheduledStorageTests {
    @Test func scheduledNudgesSurviveTheSnapshotFormatAndRebuildTheQueue() throws {
        var state = State()
        let base = Date(timeIntervalSince1970: 1_795_000_000.25)
        state.apply((0..<50).map { index in
            .put(ScheduledNudge(id: "n|tip|@u\(index):x y", due: base + Double(index * 7 % 50) * 60, nominal: base + Double(index), priority: index % 3))
        })
        let data = try JSONEncoder().encode(state)
        let loaded = try JSONDecoder().decode(State.self, from: data)
        #expect(loaded.scheduled == state.scheduled)
        #expect(loaded.dueQueue.nextDue == Date(timeIntervalSince1970: 1_795_000_001), "kept to the second, rounded up")
        #expect(loaded.scheduled["n|tip|@u3:x y"]?.user == "@u3:x y")
        var queue = loaded.dueQueue
        var dues: [Date] = []
        while let top = queue.pop() { dues.append(top.due) }
        #expect(dues == dues.sorted() && dues.count == 50)
    }

    @Test func theTableAgreesWithADictionaryThroughPutsUpdatesAndDeletes() {
        var table = ScheduleTable()
        var model: [String: ScheduledNudge] = [:]
        var random = UInt64(7)
        func next(_ bound: Int) -> Int {
            random = random &* 6364136223846793005 &+ 1442695040888963407
            return Int((random >> 33) % UInt64(bound))
        }
        for step in 0..<20_000 {
            let id = "n|tip|@u\(next(300)):x"
            if next(3) == 0 {
                table[id] = nil
                model[id] = nil
            } else {
                let entry = ScheduledNudge(id: id, due: Date(timeIntervalSince1970: Double(1_795_000_000 + step)),
                                           nominal: Date(timeIntervalSince1970: Double(1_795_000_000 - step)), priority: next(5))
                table[id] = entry
                model[id] = entry
            }
            if step % 997 == 0 {
                #expect(table.count == model.count)
                #expect(model.allSatisfy { table[$0.key] == $0.value })
            }
        }
        #expect(table.count == model.count)
        #expect(model.allSatisfy { table[$0.key] == $0.value }, "every entry still found after backward-shift deletes")
        #expect(Set(table.values.map(\.id)) == Set(model.keys))
        for id in model.keys { table[id] = nil }
        #expect(table.isEmpty && table == ScheduleTable())
    }

    @Test func anOlderSnapshotWithDecimalTimesStillLoads() throws {
        let json = #"{"scheduled": "1795000000.5 1795000000.0 1 n|a|@b:x;1795000060 1795000060 2 n|c|@d:x;"}"#
        let state = try JSONDecoder().decode(State.self, from: Data(json.utf8))
        #expect(state.scheduled["n|a|@b:x"]?.due == Date(timeIntervalSince1970: 1_795_000_001))
        #expect(state.scheduled["n|c|@d:x"]?.priority == 2)
        #expect(state.dueQueue.nextDue == Date(timeIntervalSince1970: 1_795_000_001))
    }

    @Test func aDamagedScheduleLineIsRefusedWithItsNumber() throws {
        let json = #"{"scheduled": "1795000000 1795000000 1 n|a|@b:x;not a line;"}"#
        #expect(throws: (any Error).self) { try JSONDecoder().decode(State.self, from: Data(json.utf8)) }
    }
}
