/// The kind of key behind a certificate, which fixes the SigV4-X509 algorithm name.
public enum KeyAlgorithm: Sendable, Hashable, CustomStringConvertible {
    /// RSA with the modulus size in bits.
    case rsa(bits: Int)
    /// ECDSA on NIST P-256.
    case ecdsaP256
    /// ECDSA on NIST P-384.
    case ecdsaP384

    /// The `Authorization` algorithm: `AWS4-X509-RSA-SHA256` or `AWS4-X509-ECDSA-SHA256`
    /// (SHA-256 on every curve, as the service requires).
    public var signingAlgorithmName: String {
        switch self {
        case .rsa: "AWS4-X509-RSA-SHA256"
        case .ecdsaP256, .ecdsaP384: "AWS4-X509-ECDSA-SHA256"
        }
    }

    /// `RSA` or `EC`, as `read-certificate-data` reports it.
    public var keyType: String {
        switch self {
        case .rsa: "RSA"
        case .ecdsaP256, .ecdsaP384: "EC"
        }
    }

    public var description: String {
        switch self {
        case .rsa(let bits): "RSA-\(bits)"
        case .ecdsaP256: "EC P-256"
        case .ecdsaP384: "EC P-384"
        }
    }
}
