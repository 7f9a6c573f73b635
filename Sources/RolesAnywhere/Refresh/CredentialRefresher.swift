#if canImport(FoundationEssentials)
import FoundationEssentials
#else
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#endif
import Logging
import Synchronization

/// Keeps temporary credentials fresh for long-running work (`serve`, `update`).
///
/// - Refreshes ahead of expiry: when less than ``Configuration/refreshMargin`` remains
///   (15 minutes by default, as botocore expects).
/// - Coalesces: concurrent callers share one CreateSession.
/// - Keeps the last good credentials until they really expire when a refresh fails, and
///   retries with bounded, jittered backoff.
/// - Never hands out expired credentials: once they expire and refresh keeps failing,
///   ``credentials()`` throws the last error.
public actor CredentialRefresher {
    /// Timing of refreshes and retries.
    public struct Configuration: Sendable, Hashable {
        /// Refresh when less than this many seconds remain.
        public var refreshMargin: TimeInterval
        /// First retry delay after a failed refresh, in seconds.
        public var retryBase: TimeInterval
        /// Longest delay between retries, in seconds.
        public var retryCap: TimeInterval

        public init(refreshMargin: TimeInterval = 900, retryBase: TimeInterval = 1, retryCap: TimeInterval = 60) {
            self.refreshMargin = refreshMargin
            self.retryBase = retryBase
            self.retryCap = retryCap
        }
    }

    /// What the refresher holds now, for status reporting and tests.
    public struct Snapshot: Sendable {
        public var credentials: AWSCredentials?
        public var lastError: (any Error)?
        public var consecutiveFailures: Int
        public var fetches: Int
    }

    private let fetch: @Sendable () async throws -> AWSCredentials
    private let configuration: Configuration
    private let clock: @Sendable () -> Date
    private let logger: Logger
    private var current: AWSCredentials?
    /// When ``current`` was fetched, to bound the margin for short sessions.
    private var fetchedAt: Date?
    private var lastError: (any Error)?
    private var consecutiveFailures = 0
    /// After a failure: no new fetch before this instant (bounded, jittered backoff).
    private var retryAt: Date?
    private var fetches = 0
    private var inFlight: Task<AWSCredentials, any Error>?
    /// ``current`` and the instant it is due for a refresh, readable without entering the actor.
    private let held = Mutex<Held?>(nil)

    /// Credentials held now, with when they were fetched and whether they are still outside the
    /// refresh margin.
    public struct Held: Sendable {
        public var credentials: AWSCredentials
        /// When the refresher received them (IMDS's `LastUpdated`).
        public var fetchedAt: Date
        /// Whether no refresh is due yet.
        public var isFresh: Bool
        fileprivate var refreshAt: Date
    }

    /// The held credentials, if they have not expired at `now`. Answers without waiting on the
    /// actor, for servers that must not block.
    public nonisolated func heldCredentials(at now: Date) -> Held? {
        held.withLock { held in
            guard var held, held.credentials.isFresh(at: now) else { return nil }
            held.isFresh = now < held.refreshAt
            return held
        }
    }

    /// - Parameter fetch: one CreateSession (sign and send); called only by the refresher.
    public init(
        configuration: Configuration = Configuration(),
        logger: Logger = Logger(label: "roles-anywhere.refresher"),
        clock: @escaping @Sendable () -> Date = Date.init,
        fetch: @escaping @Sendable () async throws -> AWSCredentials
    ) {
        self.fetch = fetch
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
    }

    /// Credentials that are not expired: the held ones while fresh, else newly fetched ones,
    /// else (when fetching fails) the held ones while they have not expired. Callers do not
    /// wait on a refresh already under way while the held credentials have not expired, and
    /// do not start one while backing off after a failure.
    public func credentials() async throws -> AWSCredentials {
        let now = clock()
        if let current, current.isFresh(at: now, margin: effectiveMargin) { return current }
        // A refresh is under way and the held credentials still work: answer now instead of
        // waiting on the service (SDKs give a metadata endpoint about a second).
        if inFlight != nil, let current, current.isFresh(at: now) { return current }
        if inFlight == nil, let retryAt, now < retryAt, let lastError {
            // Backing off after a failure: answer without calling the service again, so
            // frequent callers (every SDK request to `serve`) cannot hammer CreateSession.
            if let current, current.isFresh(at: now) { return current }
            throw lastError
        }
        do {
            return try await refresh()
        } catch {
            if let current, current.isFresh(at: clock()) {
                logger.warning("refresh failed, serving credentials until they expire: \(error)")
                return current
            }
            throw error
        }
    }

    /// Fetches new credentials now (sharing a fetch already under way).
    @discardableResult
    public func refresh() async throws -> AWSCredentials {
        if let inFlight { return try await inFlight.value }
        let fetch = self.fetch
        let clock = self.clock
        let task = Task { try Self.unexpired(try await fetch(), now: clock()) }
        inFlight = task
        defer { inFlight = nil }
        do {
            let credentials = try await task.value
            fetches += 1
            current = credentials
            fetchedAt = clock()
            let refreshAt = credentials.expiration.addingTimeInterval(-effectiveMargin)
            let fetchedAt = self.fetchedAt ?? clock()
            held.withLock { $0 = Held(credentials: credentials, fetchedAt: fetchedAt, isFresh: true, refreshAt: refreshAt) }
            lastError = nil
            consecutiveFailures = 0
            retryAt = nil
            return credentials
        } catch {
            fetches += 1
            lastError = error
            consecutiveFailures += 1
            retryAt = clock().addingTimeInterval(backoffDelay())
            throw error
        }
    }

    /// Refuses credentials that are already expired when they arrive (a wrong clock here or
    /// there): holding them would hand out expired credentials and refresh in a tight loop.
    private static func unexpired(_ credentials: AWSCredentials, now: Date) throws(RolesAnywhereError) -> AWSCredentials {
        guard credentials.isFresh(at: now) else {
            throw RolesAnywhereError(
                .malformedResponse,
                "the service returned credentials that expired at \(ISO8601Timestamp.string(from: credentials.expiration)): check this machine's clock")
        }
        return credentials
    }

    /// Refreshes ahead of expiry until cancelled; failures are retried with backoff.
    public func run() async {
        while !Task.isCancelled {
            let delay = nextDelay()
            if delay > 0 {
                do { try await Task.sleep(nanoseconds: UInt64(delay * 1_000_000_000)) } catch { return }
                // A caller of credentials() may have refreshed (or failed) meanwhile: look again.
                continue
            }
            do {
                try await refresh()
            } catch {
                logger.warning("refresh failed (\(consecutiveFailures) in a row): \(error)")
            }
        }
    }

    /// The held credentials and the refresh state.
    public var snapshot: Snapshot {
        Snapshot(credentials: current, lastError: lastError, consecutiveFailures: consecutiveFailures, fetches: fetches)
    }

    /// Seconds until the next refresh attempt.
    func nextDelay() -> TimeInterval {
        if let retryAt { return max(0, retryAt.timeIntervalSince(clock())) }
        guard let current else { return 0 }
        return max(0, current.expiration.timeIntervalSince(clock()) - effectiveMargin)
    }

    /// The wait after ``consecutiveFailures`` failures: jittered, doubling from
    /// ``Configuration/retryBase``, at most ``Configuration/retryCap``.
    private func backoffDelay() -> TimeInterval {
        let delay = RetryBackoff.delay(
            attempt: consecutiveFailures, base: .milliseconds(Int64(configuration.retryBase * 1000)),
            cap: .milliseconds(Int64(configuration.retryCap * 1000)))
        return Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18
    }

    /// The refresh margin, but at most half the session's life, so short sessions (a
    /// 900-second session with the default 900-second margin) are not refreshed in a loop.
    var effectiveMargin: TimeInterval {
        guard let current, let fetchedAt else { return configuration.refreshMargin }
        return min(configuration.refreshMargin, max(0, current.expiration.timeIntervalSince(fetchedAt)) / 2)
    }
}
