import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Logging
import RolesAnywhere
import RolesAnywhereTools
import RolesAnywhereServe

/// `roles-anywhere serve`: refreshing credentials for every AWS SDK on the machine, through
/// an IMDSv2-style endpoint and, optionally, a container credentials endpoint.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve refreshing credentials on loopback: IMDSv2 (and container credentials) for AWS SDKs.",
        discussion: """
            Fetches once at start (and exits non-zero with the reason if that fails), then prints
            export AWS_EC2_METADATA_SERVICE_ENDPOINT=http://127.0.0.1:PORT/
            and refreshes ahead of expiry. With a PKCS#11 key the token session stays logged in,
            so the PIN is asked once.
            """)

    @OptionGroup var key: KeyOptions
    @OptionGroup var session: SessionOptions
    @OptionGroup var connection: ConnectionOptions

    @Option(help: "Port on the loopback address (0 picks a free one).")
    var port: Int = 9911

    @Option(help: "Loopback address to listen on: 127.0.0.1 or ::1.")
    var listen: String = "127.0.0.1"

    @Option(help: "IP TTL / IPv6 hop limit of served connections (1 keeps packets on this host).")
    var hopLimit: Int = 1

    @Flag(help: "Also serve container credentials (AWS_CONTAINER_CREDENTIALS_FULL_URI) at /container-credentials.")
    var containerCredentials = false

    @Option(help: "File holding the container endpoint's authorization token (default: a random token).")
    var authTokenFile: String?

    @OptionGroup var refresh: RefreshOptions

    @OptionGroup var renew: AutoRenewOptions

    @Option(help: ArgumentHelp(
        "Serve several roles from a bindings file (YAML or JSON) instead of the key and session flags; see the README.",
        valueName: "file"))
    var config: String?

    func run() async throws {
        try ServeCommand.checkPlacement(listen: listen, port: port, hopLimit: hopLimit)
        _ = try refresh.margin()
        let logger = CommandLogger.make(debug: refresh.debug)
        let request = try session.makeRequest()
        // Everything that can fail locally is checked before the client exists.
        let containerToken = try containerCredentials ? Self.containerToken(file: authTokenFile) : nil
        let backend = try key.makeBackend()
        try await CreateSessionClient.withClient(
            configuration: try connection.makeConfiguration(for: request.endpoint.host), logger: logger
        ) { client in
            try await serve(client: client, backend: backend, request: request, containerToken: containerToken, logger: logger)
        }
    }

    /// Fetches once, then serves and refreshes until SIGTERM/SIGINT.
    private func serve(
        client: CreateSessionClient, backend: some SigningBackend, request: CreateSessionRequest, containerToken: String?,
        logger: Logger
    ) async throws {
        let metrics = ServeMetrics()
        let notifier = ServiceManagerNotifier(environment: ProcessInfo.processInfo.environment)
        let renewal = try renew.renewal(
            key: key.settings, session: session.settings, connection: connection.settings, logger: logger, backend: backend
        ) {
            outcome in
            switch outcome {
            case .success(let certificate):
                metrics.recordRenewal(succeeded: true)
                metrics.setCertificate(notAfter: certificate.notValidAfter)
                StandardError.write("roles-anywhere: \(CertificateRotation.Outcome.renewed(certificate).line)")
            case .failure(let error):
                metrics.recordRenewal(succeeded: false)
                StandardError.write("roles-anywhere: WARNING: the certificate is due for renewal and was not renewed: \(error.commandLineMessage)")
            }
        }
        let refresher = CredentialRefresher(
            client: client, request: request, backend: backend, refreshMargin: try refresh.margin(), logger: logger,
            observe: { seconds, credentials in
                metrics.recordCreateSession(seconds: seconds, credentials: credentials)
                // A STATUS= line for the service manager after each refresh.
                if let credentials {
                    notifier.refreshed(
                        status: "credentials refreshed at \(ISO8601Timestamp.string(from: Date())), valid until \(ISO8601Timestamp.string(from: credentials.expiration))")
                }
            },
            beforeFetch: renewal)
        try await refresher.refresh()
        if let identity = try? await backend.loadIdentity() { metrics.setCertificate(notAfter: identity.certificate.notValidAfter) }

        let service = CredentialService(
            refresher: refresher, roleName: request.roleARN.resourceName, containerAuthorizationToken: containerToken,
            metrics: metrics)
        let server = CredentialServer(service: service, host: listen, port: port, hopLimit: hopLimit)
        let shownHost = listen.contains(":") ? "[\(listen)]" : listen
        let authTokenFile = self.authTokenFile
        let address = "\(shownHost):\(port)"
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await refresher.run() }
            if notifier.watchdogInterval != nil { group.addTask { await notifier.runWatchdog() } }
            group.addTask {
                do {
                    try await server.run(onReady: { boundPort in
                        var lines = ["export AWS_EC2_METADATA_SERVICE_ENDPOINT=http://\(shownHost):\(boundPort)/"]
                        if let containerToken {
                            let uri = "http://\(shownHost):\(boundPort)\(CredentialService.containerPath)"
                            lines.append(
                                authTokenFile.map {
                                    // Absolute, so the line works when pasted into a shell in another folder.
                                    let path = $0.hasPrefix("/") ? $0 : FileManager.default.currentDirectoryPath + "/" + $0
                                    return "export AWS_CONTAINER_CREDENTIALS_FULL_URI=\(uri) AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE=\(path)"
                                }
                                    ?? "export AWS_CONTAINER_CREDENTIALS_FULL_URI=\(uri) AWS_CONTAINER_AUTHORIZATION_TOKEN=\(containerToken)")
                        }
                        StandardOutput.write(lines.joined(separator: "\n"))
                        let expiry = refresher.heldCredentials(at: Date()).map { ISO8601Timestamp.string(from: $0.credentials.expiration) }
                        notifier.ready(status: "serving on http://\(shownHost):\(boundPort)/, credentials valid until \(expiry ?? "unknown")")
                        StartupPages.release()
                    })
                } catch let error as RolesAnywhereError {
                    throw error
                } catch {
                    // e.g. the port is taken: one line and exit 69, not a library error dump.
                    throw RolesAnywhereError(.listenFailed, "cannot serve on \(address): \(error)")
                }
            }
            // The server returns on SIGTERM/SIGINT; then the refresher stops too.
            try await group.next()
            notifier.stopping(status: "stopping")
            group.cancelAll()
        }
    }

    /// The server stays on loopback, on a valid port, with packets that do not leave the host by default.
    static func checkPlacement(listen: String, port: Int, hopLimit: Int) throws(RolesAnywhereError) {
        guard ["127.0.0.1", "::1"].contains(listen) else {
            throw RolesAnywhereError(.invalidArgument, "--listen must be 127.0.0.1 or ::1: the credential server stays on loopback")
        }
        guard (0...65535).contains(port), (1...255).contains(hopLimit) else {
            throw RolesAnywhereError(.invalidArgument, "--port must be 0 to 65535 and --hop-limit 1 to 255")
        }
    }

    /// The container endpoint's token: read from a file (trailing newline dropped) or random.
    static func containerToken(file: String?) throws -> String {
        guard let file else {
            var generator = SystemRandomNumberGenerator()
            return (0..<32).map { _ in String(UInt8.random(in: 0...255, using: &generator), radix: 16).leftPaddedHex }.joined()
        }
        guard let data = FileManager.default.contents(atPath: file), let raw = String(validating: data, as: UTF8.self) else {
            throw RolesAnywhereError(.unreadableFile, "cannot read an authorization token from --auth-token-file '\(file)'")
        }
        let text = String(raw.trimmingASCIIWhitespace())
        guard !text.isEmpty else {
            throw RolesAnywhereError(.invalidArgument, "--auth-token-file '\(file)' is empty")
        }
        if raw != text {
            // botocore sends the file's bytes as the Authorization header and refuses a newline in it.
            StandardError.write(
                "roles-anywhere: WARNING: --auth-token-file '\(file)' ends with a newline or spaces; AWS SDKs reading it through AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE will refuse it: write it with printf, not echo")
        }
        return text
    }
}

extension RolesAnywhereError.Code {
    /// The credential server could not listen (port taken, address unavailable): exit 69.
    static let listenFailed = RolesAnywhereError.Code("listenFailed", kind: .unavailable)
}

extension String {
    fileprivate var leftPaddedHex: String { count == 1 ? "0" + self : self }
}
