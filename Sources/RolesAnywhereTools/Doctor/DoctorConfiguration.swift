import RolesAnywhere
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What `roles-anywhere doctor` checks: the flags of `credential-process`, plus the trust
/// anchor's CA certificate for the chain check.
public struct DoctorConfiguration: Sendable {
    /// The certificate: a file (PEM, DER, combined PEM, PKCS#12) or a `pkcs11:` URI.
    public var certificate: String
    /// The private key: a file or a `pkcs11:` URI; nil when the certificate names it.
    public var privateKey: String?
    /// The intermediates bundle (`--intermediates`).
    public var intermediatesPath: String?
    /// The PKCS#11 module (`--pkcs11-lib`).
    public var modulePath: String?
    /// The token PIN's source (`--pin-env`, `--pin-command`); nil for the URI's or a prompt.
    public var pinSource: PINSource?
    /// Use the user PIN for keys that ask for one on every signature (`--reuse-pin`).
    public var reusePIN: Bool
    /// The password of an encrypted key file or PKCS#12 bundle.
    public var passwordSource: KeyPasswordSource
    /// The trust anchor's CA certificates (PEM), for the chain check; nil skips it.
    public var trustAnchorCAPath: String?
    /// `--trust-anchor-arn`, as given.
    public var trustAnchorARN: String
    /// `--profile-arn`, as given.
    public var profileARN: String
    /// `--role-arn`, as given.
    public var roleARN: String
    /// `--region`.
    public var region: String?
    /// `--endpoint`.
    public var endpoint: String?
    /// `--use-fips-endpoint`: the regional endpoint is the FIPS one.
    public var useFIPSEndpoint = false
    /// `--session-duration`.
    public var durationSeconds: Int
    /// `--role-session-name`.
    public var roleSessionName: String?
    /// How to reach the endpoint (trust, proxy, timeouts).
    public var client: ClientConfiguration
    /// The largest clock difference with the endpoint that signing tolerates.
    public var maximumClockSkew: TimeInterval
    /// The time (injected for tests).
    public var clock: @Sendable () -> Date

    /// Creates a configuration.
    public init(
        certificate: String, privateKey: String? = nil, intermediatesPath: String? = nil, modulePath: String? = nil,
        pinSource: PINSource? = nil, reusePIN: Bool = false, passwordSource: KeyPasswordSource = .prompt,
        trustAnchorCAPath: String? = nil, trustAnchorARN: String, profileARN: String, roleARN: String,
        region: String? = nil, endpoint: String? = nil, durationSeconds: Int = 3600, roleSessionName: String? = nil,
        client: ClientConfiguration = ClientConfiguration(), maximumClockSkew: TimeInterval = 300,
        clock: @escaping @Sendable () -> Date = Date.init
    ) {
        self.certificate = certificate
        self.privateKey = privateKey
        self.intermediatesPath = intermediatesPath
        self.modulePath = modulePath
        self.pinSource = pinSource
        self.reusePIN = reusePIN
        self.passwordSource = passwordSource
        self.trustAnchorCAPath = trustAnchorCAPath
        self.trustAnchorARN = trustAnchorARN
        self.profileARN = profileARN
        self.roleARN = roleARN
        self.region = region
        self.endpoint = endpoint
        self.durationSeconds = durationSeconds
        self.roleSessionName = roleSessionName
        self.client = client
        self.maximumClockSkew = maximumClockSkew
        self.clock = clock
    }

    /// Whether the certificate or the key is on a token, so the token checks apply.
    public var usesToken: Bool {
        PKCS11BackendConfiguration.isTokenURI(certificate) || privateKey.map(PKCS11BackendConfiguration.isTokenURI) == true
    }
}
