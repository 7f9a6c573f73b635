import Foundation
import Hummingbird
import HummingbirdTLS
import Logging
import NIOCore
import RolesAnywhere

/// Runs the emulator over HTTPS on loopback and announces itself with one JSON line.
public struct EmulatorServer: Sendable {
    /// What the ready line tells scripts and tests.
    public struct ReadyLine: Codable, Sendable, Hashable {
        public var endpoint: String
        public var caBundle: String
        public var accountId: String
        public var region: String
        /// The 0600 shared-credentials file whose `[default]` holds the administrator's keys.
        public var adminCredentialsFile: String
        /// The quick start's resources (with `--trust-anchor-ca` or `--config`).
        public var trustAnchorArn: String?
        public var profileArn: String?
        public var roleArn: String?
        /// The ARN of the emulated AWS Private CA, with `--private-ca`.
        public var privateCaArn: String?

        /// One JSON line, keys sorted, absent members left out.
        public var json: String { (try? JSONText.encode(self)) ?? "{}" }
    }

    public var host: String
    public var port: Int
    public var tls: EmulatorTLSIdentity
    /// Where the TLS CA PEM is written for clients.
    public var caBundlePath: String
    public var state: EmulatorState
    /// The quick start's resources, announced on the ready line.
    public var defaults: (trustAnchorARN: String, profileARN: String, roleARN: String)?
    public var auditLog: AuditLog?
    /// The emulated AWS Private CA, if any.
    public var privateCA: PrivateCertificateAuthority?

    public init(
        host: String = "127.0.0.1", port: Int, tls: EmulatorTLSIdentity, caBundlePath: String, state: EmulatorState,
        defaults: (trustAnchorARN: String, profileARN: String, roleARN: String)?, auditLog: AuditLog?
    ) {
        self.host = host
        self.port = port
        self.tls = tls
        self.caBundlePath = caBundlePath
        self.state = state
        self.defaults = defaults
        self.auditLog = auditLog
    }

    /// Serves until SIGTERM or SIGINT; calls `onReady` once the port is bound.
    public func run(onReady: @escaping @Sendable (ReadyLine) -> Void) async throws {
        let service = EmulatorService(state: state, auditLog: auditLog, privateCA: privateCA)
        let state = self.state
        let privateCaArn = privateCA?.arn
        var logger = Logger(label: "roles-anywhere-emulator")
        logger.logLevel = .warning
        let caBundlePath = self.caBundlePath
        let defaults = self.defaults
        let host = self.host
        let app = Application(
            router: service.makeRouter(),
            server: try .tls(.http1(configuration: .init(idleTimeout: .seconds(30))), tlsConfiguration: tls.serverConfiguration),
            configuration: .init(address: .hostname(host, port: port), serverName: "roles-anywhere-emulator", backlog: 1024),
            onServerRunning: { channel in
                let boundPort = channel.localAddress?.port ?? 0
                let shownHost = host.contains(":") ? "[\(host)]" : host
                onReady(ReadyLine(
                    endpoint: "https://\(shownHost):\(boundPort)", caBundle: caBundlePath, accountId: state.accountID,
                    region: state.region, adminCredentialsFile: state.adminCredentialsPath,
                    trustAnchorArn: defaults?.trustAnchorARN, profileArn: defaults?.profileARN, roleArn: defaults?.roleARN,
                    privateCaArn: privateCaArn))
            },
            logger: logger)
        try await app.runService()
    }
}
