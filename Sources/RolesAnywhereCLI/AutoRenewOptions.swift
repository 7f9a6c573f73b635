import ArgumentParser
import Logging
import RolesAnywhere
import RolesAnywhereTools
import Synchronization
import X509

/// `--auto-renew` of `serve` and `update`: before each refresh, `rotate` the key file and
/// certificate when due (the new pair checked by a CreateSession first), so the process
/// keeps serving without a person.
struct AutoRenewOptions: ParsableArguments {
    @Flag(help: "Renew the certificate and key file when due, before a refresh (needs --ca-dir).")
    var autoRenew = false

    @OptionGroup var issuer: IssuerOptions

    @Option(help: "With --auto-renew: renew when fewer than this many days are left (default: a third of the lifetime).")
    var renewBefore: Double?

    /// The renewal to run before each refresh, or nil without `--auto-renew`.
    /// - Parameter report: told of each renewal that was due: the new certificate, or the failure.
    /// - Parameter backend: the backend the refresher signs with (told to find a renewed token key).
    func renewal(
        key: KeySettings, session: SessionSettings, connection: ConnectionSettings, logger: Logger, backend: any SigningBackend,
        report: @escaping @Sendable (Result<Certificate, RolesAnywhereError>) -> Void
    ) throws -> (@Sendable () async -> Void)? {
        guard autoRenew else {
            if issuer.isGiven || renewBefore != nil {
                throw ValidationError("--ca-dir, --acm-pca-arn and --renew-before go with --auto-renew")
            }
            return nil
        }
        guard issuer.isGiven else {
            throw ValidationError("--auto-renew needs --ca-dir or --acm-pca-arn, the issuer of the new certificates")
        }
        let request = try session.makeRequest()
        let client = try CreateSessionClient(configuration: try connection.makeConfiguration(for: request.endpoint.host), logger: logger)
        if key.usesToken {
            // A new key in the same token; the login of this process serves it (no second prompt).
            let pinSource = try KeySettings.pinSource(environment: key.pinEnv, command: key.pinCommand)
            let (certificate, modulePath) = (key.certificate, key.pkcs11Lib)
            let tokenBackend: @Sendable (String) -> PKCS11Backend = { uri in
                PKCS11Backend(PKCS11BackendConfiguration(certificate: uri, modulePath: modulePath, pinSource: pinSource))
            }
            let rotation = TokenKeyRotation(
                certificateURI: certificate, modulePath: modulePath, pinSource: pinSource,
                issue: try issuer.issuer(current: { tokenBackend(certificate) }, session: session, connection: connection, logger: logger),
                policy: CertificateRotation.Policy(renewBeforeDays: renewBefore))
            return Self.attempts(report: report) {
                // The refresher's own session logs in first and stays open: the renewal's sessions
                // then find the token logged in, so the PIN is neither read nor asked again.
                _ = try? await backend.loadIdentity()
                let outcome = try await rotation.run { uri in _ = try await client.createSession(request, backend: tokenBackend(uri)) }
                if case .renewed = outcome { await (backend as? PKCS11Backend)?.reconnect() }
                return outcome
            }
        }
        guard let privateKey = key.privateKey else {
            throw RolesAnywhereError(.invalidArgument, "--auto-renew renews a key file: give it with --private-key")
        }
        let rotation = FileKeyRotation(
            certificatePath: key.certificate, privateKeyPath: privateKey,
            issue: try issuer.issuer(
                current: { FileKeyBackend(certificatePath: key.certificate, privateKeyPath: privateKey) }, session: session,
                connection: connection, logger: logger),
            policy: CertificateRotation.Policy(renewBeforeDays: renewBefore))
        return Self.attempts(report: report) {
            try await rotation.run { certificate, key in
                _ = try await client.createSession(request, backend: FileKeyBackend(certificatePath: certificate, privateKeyPath: key))
            }
        }
    }

    /// Runs `renew` before a refresh unless a failure paused it: a renewal is reported, a
    /// failure too (and pauses the next tries).
    private static func attempts(
        report: @escaping @Sendable (Result<Certificate, RolesAnywhereError>) -> Void,
        renew: @escaping @Sendable () async throws -> CertificateRotation.Outcome
    ) -> @Sendable () async -> Void {
        let pause = RenewalPause()
        return {
            guard pause.allowsAttempt() else { return }
            do {
                if case .renewed(let certificate) = try await renew() {
                    pause.succeeded()
                    report(.success(certificate))
                }
            } catch {
                pause.failed()
                report(.failure(error as? RolesAnywhereError ?? RolesAnywhereError(.internalFailure, plain: "\(error)")))
            }
        }
    }
}

/// After a renewal that was due and failed, the next try waits about an hour, doubling up to a
/// day (RetryBackoff, with its jitter): a CA that keeps refusing is not asked, and paid, at
/// every refresh.
final class RenewalPause: Sendable {
    private let state = Mutex<(failures: Int, until: ContinuousClock.Instant?)>((0, nil))

    func allowsAttempt() -> Bool {
        state.withLock { $0.until.map { ContinuousClock.now >= $0 } ?? true }
    }

    func failed() {
        state.withLock { state in
            state.failures += 1
            state.until = ContinuousClock.now + RetryBackoff.delay(attempt: state.failures, base: .seconds(3600), cap: .seconds(86_400))
        }
    }

    func succeeded() {
        state.withLock { $0 = (0, nil) }
    }
}
