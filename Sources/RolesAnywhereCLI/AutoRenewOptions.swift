import ArgumentParser
import Logging
import RolesAnywhere
import RolesAnywhereTools
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
    func renewal(
        key: KeySettings, session: SessionSettings, connection: ConnectionSettings, logger: Logger,
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
        guard let privateKey = key.privateKey, !key.usesToken else {
            throw RolesAnywhereError(
                .invalidArgument, "--auto-renew renews key files: give --certificate and --private-key as files")
        }
        let rotation = FileKeyRotation(
            certificatePath: key.certificate, privateKeyPath: privateKey,
            issue: try issuer.issuer(
                current: { FileKeyBackend(certificatePath: key.certificate, privateKeyPath: privateKey) }, session: session,
                connection: connection, logger: logger),
            policy: CertificateRotation.Policy(renewBeforeDays: renewBefore))
        let request = try session.makeRequest()
        let client = try CreateSessionClient(configuration: try connection.makeConfiguration(for: request.endpoint.host), logger: logger)
        return {
            do {
                let outcome = try await rotation.run { certificate, key in
                    _ = try await client.createSession(request, backend: FileKeyBackend(certificatePath: certificate, privateKeyPath: key))
                }
                if case .renewed(let certificate) = outcome { report(.success(certificate)) }
            } catch let error as RolesAnywhereError {
                report(.failure(error))
            } catch {
                report(.failure(RolesAnywhereError(.internalFailure, plain: "\(error)")))
            }
        }
    }
}
