import RolesAnywhere

/// One of the checks `roles-anywhere doctor` runs, in the order it runs them.
public struct DoctorCheck: Hashable, Sendable, CustomStringConvertible {
    /// The short name printed on the check's line, e.g. `key-match`.
    public let name: String
    /// What the check proves.
    public let summary: String

    init(_ name: String, _ summary: String) {
        self.name = name
        self.summary = summary
    }

    public var description: String { name }

    /// The PKCS#11 module loads.
    public static let module = DoctorCheck("module", "the PKCS#11 module loads")
    /// The token is present.
    public static let token = DoctorCheck("token", "the token is present")
    /// The token accepts the PIN.
    public static let pin = DoctorCheck("pin", "the PIN is accepted, with the token's retry flags")
    /// The private key is found.
    public static let key = DoctorCheck("key", "the private key is found")
    /// The certificate is found.
    public static let certificate = DoctorCheck("certificate", "the certificate (and intermediates) are found")
    /// The key belongs to the certificate.
    public static let keyMatch = DoctorCheck("key-match", "the key belongs to the certificate")
    /// The certificate is inside its validity window.
    public static let validity = DoctorCheck("validity", "the certificate is valid now, with the days left")
    /// The certificate is v3 with a signing key usage and an accepted key.
    public static let usage = DoctorCheck("usage", "the certificate is X.509 v3 with digitalSignature key usage")
    /// The certificate chains to the trust anchor's CA.
    public static let chain = DoctorCheck("chain", "the certificate chains through the intermediates to --trust-anchor-ca")
    /// The ARNs are well-formed and their regions agree.
    public static let arns = DoctorCheck("arns", "the ARNs are well-formed and their regions and accounts agree")
    /// The endpoint answers over TLS.
    public static let endpoint = DoctorCheck("endpoint", "the endpoint answers over TLS")
    /// This machine's clock agrees with the endpoint's.
    public static let clock = DoctorCheck("clock", "this machine's clock is within 5 minutes of the endpoint's Date header")
    /// A real CreateSession succeeds.
    public static let createSession = DoctorCheck("create-session", "a real CreateSession call succeeds")

    /// Every check, in order.
    public static let all: [DoctorCheck] = [
        module, token, pin, key, certificate, keyMatch, validity, usage, chain, arns, endpoint, clock, createSession,
    ]
}
