#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Logging

extension CredentialRefresher {
    /// A refresher whose fetch is one CreateSession of `request`, signed by `backend`.
    public init(
        client: CreateSessionClient, request: CreateSessionRequest, backend: some SigningBackend,
        refreshMargin: TimeInterval, logger: Logger
    ) {
        self.init(
            configuration: Configuration(refreshMargin: refreshMargin), logger: logger,
            fetch: { try await client.createSession(request, backend: backend).credentials })
    }
}
