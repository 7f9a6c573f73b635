import Foundation
import Hummingbird
import Logging
import NIOCore

/// Runs ``CredentialService`` on loopback (127.0.0.1 or ::1) with a hop limit on every connection.
public struct CredentialServer: Sendable {
    public var service: CredentialService
    /// `127.0.0.1` (default) or `::1`.
    public var host: String
    public var port: Int
    /// IP TTL / IPv6 hop limit of accepted connections (1: packets cannot leave the host).
    public var hopLimit: Int

    public init(service: CredentialService, host: String = "127.0.0.1", port: Int = 9911, hopLimit: Int = 1) {
        self.service = service
        self.host = host
        self.port = port
        self.hopLimit = hopLimit
    }

    /// Serves until cancelled or SIGTERM/SIGINT; `onReady` gets the bound port.
    /// - Parameter observeHopLimit: receives the hop limit read back from each accepted socket (tests).
    public func run(
        onReady: @escaping @Sendable (Int) -> Void, observeHopLimit: (@Sendable (CInt) -> Void)? = nil
    ) async throws {
        var logger = Logger(label: "roles-anywhere-serve")
        logger.logLevel = .warning
        let app = Application(
            router: service.makeRouter(),
            server: .http1(hopLimit: CInt(hopLimit), observe: observeHopLimit),
            configuration: .init(address: .hostname(host, port: port), serverName: "roles-anywhere", backlog: 1024),
            onServerRunning: { channel in onReady(channel.localAddress?.port ?? 0) },
            logger: logger)
        try await app.runService()
    }
}
