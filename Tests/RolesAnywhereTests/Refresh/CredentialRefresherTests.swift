import Foundation
import Logging
import XCTest

@testable import RolesAnywhere
@testable import RolesAnywhereTools

/// The refresher with a fake fetch and a hand-moved clock: freshness, margin, coalescing,
/// outages, short sessions and backoff.
final class CredentialRefresherTests: XCTestCase {
    /// A refresher over `fetch` reading `clock`, with a 900-second margin unless told otherwise.
    private func makeRefresher(
        _ clock: ManualClock, _ fetch: FakeFetch, margin: TimeInterval = 900, retryBase: TimeInterval = 1, retryCap: TimeInterval = 60
    ) -> CredentialRefresher {
        CredentialRefresher(
            configuration: .init(refreshMargin: margin, retryBase: retryBase, retryCap: retryCap),
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }), clock: clock.read, fetch: fetch.fetch)
    }

    func testFreshCredentialsAreAnsweredWithoutFetching() async throws {
        let clock = ManualClock()
        let fetch = FakeFetch(clock: clock, answer: .credentials(id: "FIRST", lifetime: 3600))
        let refresher = makeRefresher(clock, fetch)
        let first = try await refresher.credentials()
        XCTAssertEqual(first.accessKeyID, "ASIAFIRST")
        fetch.answer(.credentials(id: "SECOND", lifetime: 3600))
        for _ in 0..<3 {
            clock.advance(899)  // ends at +2697 s: 903 s left, more than the margin
            let again = try await refresher.credentials()
            XCTAssertEqual(again, first)
        }
        XCTAssertEqual(fetch.calls, 1)
    }

    func testCredentialsInsideTheMarginAreRefreshed() async throws {
        let clock = ManualClock()
        let fetch = FakeFetch(clock: clock, answer: .credentials(id: "FIRST", lifetime: 3600))
        let refresher = makeRefresher(clock, fetch)
        _ = try await refresher.credentials()
        fetch.answer(.credentials(id: "SECOND", lifetime: 3600))
        clock.advance(2699)  // 901 s left
        let stillFirst = try await refresher.credentials()
        XCTAssertEqual(stillFirst.accessKeyID, "ASIAFIRST")
        clock.advance(2)  // 899 s left: inside the margin
        let second = try await refresher.credentials()
        XCTAssertEqual(second.accessKeyID, "ASIASECOND")
        XCTAssertEqual(fetch.calls, 2)
    }

    func testConcurrentCallersShareOneFetch() async throws {
        let clock = ManualClock()
        let gate = Gate()
        let fetch = FakeFetch(clock: clock, answer: .credentials(id: "SHARED", lifetime: 3600), gate: gate)
        let refresher = makeRefresher(clock, fetch)
        let callers = 8
        let results = Task {
            try await withThrowingTaskGroup(of: AWSCredentials.self) { group in
                for _ in 0..<callers { group.addTask { try await refresher.credentials() } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
        }
        // Every caller reads the clock on entry, then waits on the fetch in flight; the gate
        // opens only when all of them are in.
        let deadline = Date().addingTimeInterval(10)
        while clock.reads < callers, Date() < deadline { try await Task.sleep(for: .milliseconds(2)) }
        XCTAssertEqual(clock.reads, callers, "every caller entered before the fetch finished")
        gate.open()
        let answers = try await results.value
        XCTAssertEqual(answers.count, callers)
        XCTAssertEqual(Set(answers.map(\.accessKeyID)), ["ASIASHARED"])
        XCTAssertEqual(fetch.calls, 1)
        let fetches = await refresher.snapshot.fetches
        XCTAssertEqual(fetches, 1)
    }

    func testCallersDoNotWaitOnARefreshWhileTheHeldCredentialsWork() async throws {
        let clock = ManualClock()
        let fetch = FakeFetch(clock: clock, answer: .credentials(id: "HELD", lifetime: 3600))
        let refresher = makeRefresher(clock, fetch)
        let held = try await refresher.credentials()
        let gate = Gate()
        fetch.answer(.credentials(id: "NEXT", lifetime: 3600), gate: gate)
        clock.advance(3000)  // inside the margin: this caller starts the refresh and waits for it
        let starter = Task { try await refresher.credentials() }
        let deadline = Date().addingTimeInterval(10)
        while fetch.calls < 2, Date() < deadline { try await Task.sleep(for: .milliseconds(2)) }
        XCTAssertEqual(fetch.calls, 2)
        // Another caller while the refresh hangs: the held credentials, at once. (Should it wait
        // on the refresh instead, a watchdog opens the gate after 5 s and the checks below fail.)
        let watchdog = Task {
            try? await Task.sleep(for: .seconds(5))
            gate.open()
        }
        let otherAnswer = try await refresher.credentials()
        XCTAssertFalse(gate.isOpen, "the caller waited on the refresh")
        XCTAssertEqual(otherAnswer, held)
        gate.open()
        watchdog.cancel()
        let starterAnswer = try await starter.value
        XCTAssertEqual(starterAnswer.accessKeyID, "ASIANEXT")
        XCTAssertEqual(fetch.calls, 2)
    }

    func testAnOutageServesTheLastGoodCredentialsUntilTheyExpireThenThrowsThenRecovers() async throws {
        let clock = ManualClock()
        let fetch = FakeFetch(clock: clock, answer: .credentials(id: "GOOD", lifetime: 3600))
        let refresher = makeRefresher(clock, fetch, retryBase: 10)  // backoffs: 5-10 s, 10-20 s, 20-40 s
        let good = try await refresher.credentials()
        fetch.answer(.failure(FakeFetch.outage))

        clock.advance(3000)  // inside the margin: a refresh is tried and fails
        let served = try await refresher.credentials()
        XCTAssertEqual(served, good)
        XCTAssertEqual(fetch.calls, 2)
        let again = try await refresher.credentials()  // same instant: backing off, no new call
        XCTAssertEqual(again, good)
        XCTAssertEqual(fetch.calls, 2, "callers during the backoff do not call the service")

        clock.advance(599)  // 1 s left, the first backoff is over: tried again, still failing
        let lastSecond = try await refresher.credentials()
        XCTAssertEqual(lastSecond, good)
        XCTAssertEqual(fetch.calls, 3)

        clock.advance(1)  // expired, while backing off: the last error, never the expired credentials
        await assertOutage(refresher)
        XCTAssertEqual(fetch.calls, 3)
        clock.advance(100)  // after the backoff: tried, still failing
        await assertOutage(refresher)
        XCTAssertEqual(fetch.calls, 4)
        let failures = await refresher.snapshot.consecutiveFailures
        XCTAssertEqual(failures, 3)

        fetch.answer(.credentials(id: "RECOVERED", lifetime: 3600))
        clock.advance(61)
        let recovered = try await refresher.credentials()
        XCTAssertEqual(recovered.accessKeyID, "ASIARECOVERED")
        let snapshot = await refresher.snapshot
        XCTAssertEqual(snapshot.consecutiveFailures, 0)
        XCTAssertNil(snapshot.lastError)
    }

    func testShortSessionsAreNotRefreshedInALoop() async throws {
        let clock = ManualClock()
        let fetch = FakeFetch(clock: clock, answer: .credentials(id: "SHORT", lifetime: 900))
        let refresher = makeRefresher(clock, fetch, margin: 900)
        _ = try await refresher.credentials()
        let margin = await refresher.effectiveMargin
        let delay = await refresher.nextDelay()
        XCTAssertEqual(margin, 450, "the margin is capped at half the session's life")
        XCTAssertEqual(delay, 450)
        for _ in 0..<5 { _ = try await refresher.credentials() }
        clock.advance(449)
        _ = try await refresher.credentials()
        XCTAssertEqual(fetch.calls, 1)
        clock.advance(2)  // 449 s left: less than half the life
        _ = try await refresher.credentials()
        XCTAssertEqual(fetch.calls, 2)
    }

    func testBackoffDoublesAndIsBoundedByRetryCap() async throws {
        let clock = ManualClock()
        let fetch = FakeFetch(clock: clock, answer: .failure(FakeFetch.outage))
        let refresher = makeRefresher(clock, fetch, retryBase: 1, retryCap: 8)
        for failures in 1...12 {
            _ = try? await refresher.refresh()
            let delay = await refresher.nextDelay()
            let ceiling = min(8, pow(2, Double(failures - 1)))
            XCTAssertGreaterThanOrEqual(delay, ceiling / 2, "after \(failures) failures")
            XCTAssertLessThanOrEqual(delay, ceiling, "after \(failures) failures")
        }
        XCTAssertEqual(fetch.calls, 12)
    }

    func testCredentialsExpiredOnArrivalAreRefusedAndBackedOff() async throws {
        let clock = ManualClock()
        let fetch = FakeFetch(clock: clock, answer: .expiring(id: "STALE", at: clock.now.addingTimeInterval(-1)))
        let refresher = makeRefresher(clock, fetch)
        do {
            _ = try await refresher.credentials()
            XCTFail("expired credentials were handed out")
        } catch let error as RolesAnywhereError {
            XCTAssertEqual(error.code, .malformedResponse)
            XCTAssertEqual(
                error.message, "the service returned credentials that expired at 2025-12-11T16:34:24Z: check this machine's clock")
        }
        let delay = await refresher.nextDelay()
        XCTAssertGreaterThan(delay, 0, "no refresh loop without a pause")
        _ = try? await refresher.credentials()
        XCTAssertEqual(fetch.calls, 1)
    }

    /// Asserts that `credentials()` throws the fake's outage error.
    private func assertOutage(_ refresher: CredentialRefresher, file: StaticString = #filePath, line: UInt = #line) async {
        do {
            let credentials = try await refresher.credentials()
            XCTFail("expected the outage, got \(credentials)", file: file, line: line)
        } catch {
            XCTAssertEqual(error as? RolesAnywhereError, FakeFetch.outage, file: file, line: line)
        }
    }
}
