import FlowCoachDaemon
import Foundation
import Testing

@Suite struct WakeupTests {
    @Test func aSignalEndsTheWaitEarly() async {
        let wakeup = Wakeup()
        let started = ContinuousClock.now
        async let waited: Void = wakeup.wait(upTo: 600)
        try? await Task.sleep(for: .milliseconds(100))
        wakeup.signal()
        await waited
        #expect(ContinuousClock.now - started < .seconds(120), "the signal, not the 600 s timeout, ended it")
    }

    @Test func aSignalBeforeTheWaitIsNotLost() async {
        let wakeup = Wakeup()
        wakeup.signal()
        let started = ContinuousClock.now
        await wakeup.wait(upTo: 600)
        #expect(ContinuousClock.now - started < .seconds(120), "the signal, not the 600 s timeout, ended it")
    }

    @Test func withoutASignalTheWaitLastsItsTime() async {
        let started = ContinuousClock.now
        await Wakeup().wait(upTo: 0.3)
        #expect(ContinuousClock.now - started >= .milliseconds(300))
    }
}
