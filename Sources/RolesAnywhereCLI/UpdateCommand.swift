import ArgumentParser
import Dispatch
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
#endif
import Logging
import Synchronization
import RolesAnywhere
import RolesAnywhereTools

#if canImport(Glibc)
import Glibc
#endif

/// `roles-anywhere update`: keeps a profile of the shared credentials file fresh.
struct UpdateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Write credentials into the shared credentials file and keep them fresh until stopped.",
        discussion: """
            Writes [PROFILE] of $AWS_SHARED_CREDENTIALS_FILE (else ~/.aws/credentials): atomically, mode 0600,
            other sections and comments untouched, under a lock so two updaters cannot interleave.
            SIGTERM and SIGINT stop it between writes; the file is always whole.
            """)

    @OptionGroup var key: KeyOptions
    @OptionGroup var session: SessionOptions
    @OptionGroup var connection: ConnectionOptions

    @Option(help: "Section of the credentials file to write.")
    var profile: String = "default"

    @Flag(help: "Write once and exit.")
    var once = false

    @Option(help: "Credentials file (default: AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials).")
    var credentialsFile: String?

    @OptionGroup var refresh: RefreshOptions

    @OptionGroup var renew: AutoRenewOptions

    func run() async throws {
        guard SharedCredentialsFile.isUsableProfileName(profile) else {
            throw RolesAnywhereError(
                .invalidArgument,
                "--profile '\(ControlCharacters.escaped(profile))' is not a usable section name: use letters, digits and _ . - + = , @ / :")
        }
        let logger = CommandLogger.make(debug: refresh.debug)
        let request = try session.makeRequest()
        let backend = try key.makeBackend()
        try await CreateSessionClient.withClient(
            configuration: try connection.makeConfiguration(for: request.endpoint.host), logger: logger
        ) { client in
            try await update(client: client, backend: backend, request: request, logger: logger)
        }
    }

    /// Writes once, then (without `--once`) rewrites whenever the refresher has new credentials.
    private func update(
        client: CreateSessionClient, backend: some SigningBackend, request: CreateSessionRequest, logger: Logger
    ) async throws {
        let file = SharedCredentialsFile(
            path: credentialsFile ?? SharedCredentialsFile.defaultPath(environment: ProcessInfo.processInfo.environment))
        let renewal = try renew.renewal(
            key: key.settings, session: session.settings, connection: connection.settings, logger: logger, backend: backend
        ) {
            outcome in
            switch outcome {
            case .success(let certificate):
                StandardError.write("roles-anywhere: \(CertificateRotation.Outcome.renewed(certificate).line)")
            case .failure(let error):
                StandardError.write("roles-anywhere: WARNING: the certificate is due for renewal and was not renewed: \(error.commandLineMessage)")
            }
        }
        let refresher = CredentialRefresher(
            client: client, request: request, backend: backend, refreshMargin: try refresh.margin(), logger: logger,
            beforeFetch: renewal)
        var written = try await refresher.refresh()
        try file.update(written, profile: profile)
        logger.info("wrote [\(profile)] of \(file.path), valid until \(ISO8601Timestamp.string(from: written.expiration))")
        if once { return }
        let stop = StopSignals()
        let notifier = ServiceManagerNotifier(environment: ProcessInfo.processInfo.environment)
        notifier.ready(status: "wrote [\(profile)] of \(file.path), valid until \(ISO8601Timestamp.string(from: written.expiration))")
        let watchdog = Task { await notifier.runWatchdog() }
        defer {
            watchdog.cancel()
            notifier.stopping(status: "stopping")
        }
        while !stop.requested {
            try? await Task.sleep(nanoseconds: 1_000_000_000)
            guard !stop.requested else { break }
            guard let current = try? await refresher.credentials(), current != written else { continue }
            try file.update(current, profile: profile)
            written = current
            logger.info("refreshed [\(profile)], valid until \(ISO8601Timestamp.string(from: current.expiration))")
            notifier.status("refreshed [\(profile)] of \(file.path), valid until \(ISO8601Timestamp.string(from: current.expiration))")
        }
    }
}

/// Turns SIGTERM and SIGINT into a flag, so a long-running command stops between writes.
final class StopSignals: @unchecked Sendable {
    private let stopped = Mutex(false)
    private var sources: [any DispatchSourceSignal] = []

    init() {
        for number in [SIGTERM, SIGINT] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number)
            source.setEventHandler { [weak self] in self?.markStopped() }
            source.resume()
            sources.append(source)
        }
    }

    var requested: Bool { stopped.withLock { $0 } }

    private func markStopped() { stopped.withLock { $0 = true } }
}
