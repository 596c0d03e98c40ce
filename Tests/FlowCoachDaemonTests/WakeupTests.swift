import FlowCoachDaemon
import Foundation
import Testing

@Suite struct WakeupTests {
    @Test func aSignalEndsTheWaitEarly() async {
        let wakeup = Wakeup()
        let started = ContinuousClock.now
        async let waited: Void = wakeup.wait(upTo: 30)
        try? await Task.sleep(for: .milliseconds(100))
        wakeup.signal()
        await waited
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test func aSignalBeforeTheWaitIsNotLost() async {
        let wakeup = Wakeup()
        wakeup.signal()
        let started = ContinuousClock.now
        await wakeup.wait(upTo: 30)
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test func withoutASignalTheWaitLastsItsTime() async {
        let started = ContinuousClock.now
        await Wakeup().wait(upTo: 0.3)
        #expect(ContinuousClock.now - started >= .milliseconds(300))
    }
}
