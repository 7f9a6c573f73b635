import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import RolesAnywhere
import RolesAnywhereTools

/// `roles-anywhere rotate`: renews the certificate and key before they expire, with no moment
/// where the pair is broken (see ``FileKeyRotation``).
struct RotateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate",
        abstract: "Renew the certificate and key when due: a new key, a certificate from the CA, then the switch.",
        discussion: """
            Prints "renewed: serial <decimal> valid until <ISO 8601>" or "not due: <N> days left" (exit 0 both). \
            With --trust-anchor-arn, --profile-arn and --role-arn the new pair must get credentials through a \
            real CreateSession before it replaces the old one. Afterwards the same --certificate and \
            --private-key paths name the new pair. Run it from cron or a systemd timer.
            """)

    @Option(help: "The certificate to renew: a file, or a pkcs11: URI with object=<label> (the new key is made in the same token).")
    var certificate: String

    @Option(help: "Its private key file (replaced by a new 0600 key); for a token certificate, the key is found by CKA_ID.")
    var privateKey: String?

    @OptionGroup var access: TokenAccessOptions

    @OptionGroup var issuer: IssuerOptions

    @Option(help: "Renew when fewer than this many days are left (default: a third of the lifetime).")
    var renewBefore: Double?

    @Option(help: "Lifetime of the new certificate in days (default: the current one's).")
    var validityDays: Int?

    @Flag(help: "Renew even when not due.")
    var force = false

    @Option(help: "Type of the new key: \(CertificateKeyType.spellings) (default: the current key's).")
    var keyType: String?

    @Flag(help: "Keep the old pair as <path>.previous.")
    var keepOld = false

    @Option(help: "ARN of the trust anchor (with the profile and role: check the new pair with a real CreateSession).")
    var trustAnchorArn: String?

    @Option(help: "ARN of the profile.")
    var profileArn: String?

    @Option(help: "ARN of the role to assume.")
    var roleArn: String?

    @Option(help: "Signing region (default: the trust anchor ARN's region).")
    var region: String?

    @Option(help: "Service endpoint (default: the regional endpoint).")
    var endpoint: String?

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        if let validityDays, !(1...3650).contains(validityDays) {
            throw RolesAnywhereError(.invalidArgument, "--validity-days must be 1 to 3650")
        }
        if let renewBefore, !(renewBefore >= 0) {
            throw RolesAnywhereError(.invalidArgument, "--renew-before must be 0 days or more")
        }
        let session = try sessionSettings()
        let connection = self.connection.settings
        let logger = CommandLogger.make(debug: false)
        let policy = CertificateRotation.Policy(renewBeforeDays: renewBefore, validityDays: validityDays, force: force)
        let type = try keyType.map { value throws(RolesAnywhereError) in try CertificateKeyType(parsing: value) }
        let outcome: CertificateRotation.Outcome
        if PKCS11BackendConfiguration.isTokenURI(certificate) {
            ModuleOutput.silence()
            let (certificate, modulePath) = (self.certificate, access.pkcs11Lib)
            let pinSource = try access.pinSource()
            let tokenBackend: @Sendable (String) -> any SigningBackend = { uri in
                PKCS11Backend(PKCS11BackendConfiguration(certificate: uri, modulePath: modulePath, pinSource: pinSource))
            }
            let rotation = TokenKeyRotation(
                certificateURI: certificate, modulePath: modulePath, pinSource: pinSource,
                issue: try issuer.issuer(current: { tokenBackend(certificate) }, session: session, connection: connection, logger: logger),
                policy: policy, keyType: type, keepOld: keepOld)
            outcome = try await rotation.run { uri in try await Self.check(tokenBackend(uri), session: session, connection: connection) }
        } else {
            guard let privateKey else {
                throw RolesAnywhereError(.invalidArgument, "rotate renews a key file: give it with --private-key")
            }
            guard !PKCS11BackendConfiguration.isTokenURI(privateKey) else {
                throw RolesAnywhereError(.invalidArgument, "give --certificate as the token certificate's pkcs11: URI to rotate a token key")
            }
            let certificate = self.certificate
            let rotation = FileKeyRotation(
                certificatePath: certificate, privateKeyPath: privateKey,
                issue: try issuer.issuer(
                    current: { FileKeyBackend(certificatePath: certificate, privateKeyPath: privateKey) }, session: session,
                    connection: connection, logger: logger),
                policy: policy, keyType: type, keepOld: keepOld)
            outcome = try await rotation.run { certificate, key in
                try await Self.check(FileKeyBackend(certificatePath: certificate, privateKeyPath: key), session: session, connection: connection)
            }
        }
        StandardOutput.write(outcome.line)
    }

    /// A real CreateSession with the new pair, when the ARNs are given.
    private static func check(_ backend: any SigningBackend, session: SessionSettings?, connection: ConnectionSettings) async throws {
        guard let session else { return }
        let request = try session.makeRequest()
        let client = try CreateSessionClient(
            configuration: try connection.makeConfiguration(for: request.endpoint.host), logger: CommandLogger.make(debug: false))
        do {
            _ = try await client.createSession(request, backend: backend)
        } catch let error as RolesAnywhereError {
            throw RolesAnywhereError(error.code, "the new certificate did not get credentials, so the old pair stays: \(error.commandLineMessage)")
        }
    }

    /// The session flags, all three ARNs or none.
    private func sessionSettings() throws -> SessionSettings? {
        let arns = [trustAnchorArn, profileArn, roleArn]
        guard arns.contains(where: { $0 != nil }) else { return nil }
        guard let trustAnchorArn, let profileArn, let roleArn else {
            throw ValidationError("give --trust-anchor-arn, --profile-arn and --role-arn together (or none of them)")
        }
        return SessionSettings(
            trustAnchorArn: trustAnchorArn, profileArn: profileArn, roleArn: roleArn, region: region, endpoint: endpoint)
    }
}
