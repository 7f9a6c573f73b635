import ArgumentParser
import Logging
import RolesAnywhere
import RolesAnywhereTools
import X509

/// Who issues the new certificate of `rotate` and `--auto-renew`: a CA folder of
/// `cert ca create`, or AWS Private CA (called with credentials the current pair obtains).
struct IssuerOptions: ParsableArguments {
    @Option(help: "The CA folder of `cert ca create` that issues the new certificate.")
    var caDir: String?

    @Option(help: "Name of an environment variable holding the password of an encrypted CA key (--ca-dir).")
    var caPasswordEnv: String?

    @Option(help: "AWS Private CA that issues the new certificate, arn:aws:acm-pca:<region>:<account>:certificate-authority/<id>.")
    var acmPcaArn: String?

    @Option(help: "The Private CA endpoint (default: https://acm-pca.<region>.amazonaws.com).")
    var acmPcaEndpoint: String?

    var isGiven: Bool { caDir != nil || acmPcaArn != nil }

    /// The issuer; `current` makes a backend of the pair being replaced, whose credentials sign
    /// the Private CA calls.
    func issuer(
        current: @escaping @Sendable () throws -> any SigningBackend, session: SessionSettings?, connection: ConnectionSettings,
        logger: Logger
    ) throws -> @Sendable (CertificateSigningRequest, Int) async throws -> Certificate {
        switch (caDir, acmPcaArn) {
        case (let folder?, nil):
            return CertificateRotation.folderIssuer(
                CertificateAuthorityFolder(directory: folder), password: caPasswordEnv.map { .environment($0) } ?? .prompt)
        case (nil, let arn?):
            guard let session else {
                throw ValidationError("--acm-pca-arn needs --trust-anchor-arn, --profile-arn and --role-arn: the current certificate gets the credentials that call the Private CA")
            }
            let request = try session.makeRequest()
            let client = try CreateSessionClient(configuration: try connection.makeConfiguration(for: request.endpoint.host), logger: logger)
            let endpoint = try acmPcaEndpoint.map { value throws(RolesAnywhereError) in try ServiceEndpoint(parsing: value) }
            // The proxy rules (NO_PROXY) are decided for the host actually called.
            let host = try endpoint?.host ?? PrivateCAClient.defaultEndpoint(for: arn).host
            let privateCA = try PrivateCAClient(
                authorityARN: arn, endpoint: endpoint, transport: try connection.makeConfiguration(for: host).transport(maximumResponseSize: 1 << 20))
            return { csr, days in
                let credentials = try await client.createSession(request, backend: try current()).credentials
                let authority = try await privateCA.authorityCertificate(credentials: credentials)
                return try await privateCA.issue(
                    csr, days: days, credentials: credentials, signingAlgorithm: PrivateCAClient.signingAlgorithm(of: authority))
            }
        case (nil, nil):
            throw ValidationError("give the issuer: --ca-dir DIR or --acm-pca-arn ARN")
        default:
            throw ValidationError("give one issuer: --ca-dir or --acm-pca-arn, not both")
        }
    }
}
