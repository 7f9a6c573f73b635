/// The kinds of private key a test PKI can make.
///
/// The RSA sizes and curves are the ones IAM Roles Anywhere accepts, plus ``rsa1024``,
/// which exists only so tests can build a certificate whose key is too small.
public enum TestKeyType: String, CaseIterable, Hashable, Sendable {
    /// RSA with a 1024-bit modulus: too small for Roles Anywhere; for negative tests only.
    case rsa1024
    /// RSA with a 2048-bit modulus.
    case rsa2048
    /// RSA with a 3072-bit modulus.
    case rsa3072
    /// RSA with a 4096-bit modulus.
    case rsa4096
    /// ECDSA on NIST P-256.
    case p256
    /// ECDSA on NIST P-384.
    case p384

    /// Whether this is an RSA key type.
    public var isRSA: Bool {
        switch self {
        case .rsa1024, .rsa2048, .rsa3072, .rsa4096: true
        case .p256, .p384: false
        }
    }

    /// The RSA modulus size in bits, or `nil` for elliptic-curve keys.
    public var rsaKeySizeInBits: Int? {
        switch self {
        case .rsa1024: 1024
        case .rsa2048: 2048
        case .rsa3072: 3072
        case .rsa4096: 4096
        case .p256, .p384: nil
        }
    }

    /// The SigV4-X509 algorithm name a request signed with this key carries,
    /// `AWS4-X509-RSA-SHA256` or `AWS4-X509-ECDSA-SHA256`.
    public var sigV4Algorithm: String {
        self.isRSA ? "AWS4-X509-RSA-SHA256" : "AWS4-X509-ECDSA-SHA256"
    }
}
