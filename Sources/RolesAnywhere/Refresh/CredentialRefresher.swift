import Foundation
import Logging

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
    private var fetches = 0
    private var inFlight: Task<AWSCredentials, any Error>?

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
    /// else (when fetching fails) the held ones while they have not expired.
    public func credentials() async throws -> AWSCredentials {
        let now = clock()
        if let current, current.isFresh(at: now, margin: effectiveMargin) { return current }
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
        let task = Task { try await fetch() }
        inFlight = task
        defer { inFlight = nil }
        do {
            let credentials = try await task.value
            fetches += 1
            current = credentials
            fetchedAt = clock()
            lastError = nil
            consecutiveFailures = 0
            return credentials
        } catch {
            fetches += 1
            lastError = error
            consecutiveFailures += 1
            throw error
        }
    }

    /// Refreshes ahead of expiry until cancelled; failures are retried with backoff.
    public func run() async {
        while !Task.isCancelled {
            let delay = nextDelay()
            if delay > 0 {
                do { try await Task.sleep(nanoseconds: UInt64(delay * 1_000_000_000)) } catch { return }
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
        if consecutiveFailures > 0 {
            let exponent = Double(min(consecutiveFailures - 1, 16))
            let ceiling = min(configuration.retryCap, configuration.retryBase * pow(2, exponent))
            return Double.random(in: (ceiling / 2)...max(ceiling / 2, ceiling))
        }
        guard let current else { return 0 }
        return max(0, current.expiration.timeIntervalSince(clock()) - effectiveMargin)
    }

    /// The refresh margin, but at most half the session's life, so short sessions (a
    /// 900-second session with the default 900-second margin) are not refreshed in a loop.
    var effectiveMargin: TimeInterval {
        guard let current, let fetchedAt else { return configuration.refreshMargin }
        return min(configuration.refreshMargin, max(0, current.expiration.timeIntervalSince(fetchedAt)) / 2)
    }
}
