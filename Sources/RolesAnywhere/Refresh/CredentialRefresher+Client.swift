#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Logging

extension CredentialRefresher {
    /// A refresher whose fetch is one CreateSession of `request`, signed by `backend`.
    /// - Parameters:
    ///   - observe: told of every CreateSession: its duration in seconds, and its credentials
    ///     (nil when it failed), e.g. for metrics.
    ///   - beforeFetch: runs before every CreateSession, e.g. to renew the certificate when due.
    public init(
        client: CreateSessionClient, request: CreateSessionRequest, backend: some SigningBackend,
        refreshMargin: TimeInterval, logger: Logger, observe: (@Sendable (Double, AWSCredentials?) -> Void)? = nil,
        beforeFetch: (@Sendable () async -> Void)? = nil
    ) {
        self.init(
            configuration: Configuration(refreshMargin: refreshMargin), logger: logger,
            fetch: {
                if let beforeFetch { await beforeFetch() }
                guard let observe else { return try await client.createSession(request, backend: backend).credentials }
                let started = ContinuousClock.now
                do {
                    let credentials = try await client.createSession(request, backend: backend).credentials
                    observe(Self.seconds(since: started), credentials)
                    return credentials
                } catch {
                    observe(Self.seconds(since: started), nil)
                    throw error
                }
            })
    }

    private static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
