import Foundation
import Synchronization

@testable import RolesAnywhere
@testable import RolesAnywhereTools

/// A clock that tests move by hand. It also counts its reads, which tells a test how many
/// callers have entered ``CredentialRefresher/credentials()`` (each reads the clock once on entry).
final class ManualClock: Sendable {
    private let state: Mutex<(now: Date, reads: Int)>

    init(_ start: Date = Date(timeIntervalSince1970: 1_765_470_865)) {
        state = Mutex((start, 0))
    }

    /// The current instant, without counting a read.
    var now: Date { state.withLock { $0.now } }

    /// How often ``read()`` has been called.
    var reads: Int { state.withLock { $0.reads } }

    /// The clock as the code under test sees it: the current instant, counted.
    @Sendable func read() -> Date {
        state.withLock { state in
            state.reads += 1
            return state.now
        }
    }

    /// Moves the clock forward by `seconds`.
    func advance(_ seconds: TimeInterval) {
        state.withLock { $0.now = $0.now.addingTimeInterval(seconds) }
    }
}

/// A door that suspended callers wait at until a test opens it.
final class Gate: Sendable {
    private let state = Mutex<(isOpen: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    /// Whether ``open()`` was called.
    var isOpen: Bool { state.withLock { $0.isOpen } }

    /// Returns once the gate is open.
    func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = state.withLock { state -> Bool in
                if state.isOpen { return true }
                state.waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    /// Opens the gate for every waiting and future caller.
    func open() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.isOpen = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}

/// A stand-in for CreateSession: answers what the test scripted, counts its calls, and can
/// hold every call at a ``Gate``.
final class FakeFetch: Sendable {
    /// What the next calls answer.
    enum Answer: Sendable {
        /// Credentials with this access key id, valid for `lifetime` seconds from the clock's now.
        case credentials(id: String, lifetime: TimeInterval)
        /// Credentials with a fixed expiration.
        case expiring(id: String, at: Date)
        /// A failure.
        case failure(RolesAnywhereError)
    }

    /// The error a failing fetch throws.
    static let outage = RolesAnywhereError(.serviceUnavailable, "the service failed with HTTP 500; try again later")

    private let clock: ManualClock
    private let state: Mutex<(answer: Answer, calls: Int, gate: Gate?)>

    init(clock: ManualClock, answer: Answer, gate: Gate? = nil) {
        self.clock = clock
        self.state = Mutex((answer, 0, gate))
    }

    /// How many times the refresher called the fetch.
    var calls: Int { state.withLock { $0.calls } }

    /// Changes what the next calls answer, and whether they wait at a gate first.
    func answer(_ answer: Answer, gate: Gate? = nil) {
        state.withLock {
            $0.answer = answer
            $0.gate = gate
        }
    }

    /// The fetch closure given to the refresher.
    @Sendable func fetch() async throws -> AWSCredentials {
        let (answer, gate) = state.withLock { state -> (Answer, Gate?) in
            state.calls += 1
            return (state.answer, state.gate)
        }
        if let gate { await gate.wait() }
        switch answer {
        case .credentials(let id, let lifetime):
            return Self.credentials(id, expiration: clock.now.addingTimeInterval(lifetime))
        case .expiring(let id, let date):
            return Self.credentials(id, expiration: date)
        case .failure(let error):
            throw error
        }
    }

    /// Fixed credentials whose access key id is `ASIA` + `id`.
    static func credentials(_ id: String, expiration: Date) -> AWSCredentials {
        AWSCredentials(accessKeyID: "ASIA\(id)", secretAccessKey: "secret-\(id)", sessionToken: "token-\(id)", expiration: expiration)
    }
}
