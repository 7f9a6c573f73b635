import RolesAnywhere

/// The kinds of key the certificate and token tools make: the ones IAM Roles Anywhere accepts.
///
/// The raw values are the command-line spellings (`--key-type rsa2048|rsa3072|ec-p256|ec-p384`).
public enum CertificateKeyType: String, CaseIterable, Sendable {
    /// RSA with a 2048-bit modulus.
    case rsa2048 = "rsa2048"
    /// RSA with a 3072-bit modulus.
    case rsa3072 = "rsa3072"
    /// ECDSA on NIST P-256.
    case ecP256 = "ec-p256"
    /// ECDSA on NIST P-384.
    case ecP384 = "ec-p384"

    /// The key algorithm a key of this type has.
    public var algorithm: KeyAlgorithm {
        switch self {
        case .rsa2048: .rsa(bits: 2048)
        case .rsa3072: .rsa(bits: 3072)
        case .ecP256: .ecdsaP256
        case .ecP384: .ecdsaP384
        }
    }

    /// Every spelling, `rsa2048|rsa3072|ec-p256|ec-p384`, for help and messages.
    public static var spellings: String { allCases.map(\.rawValue).joined(separator: "|") }

    /// Parses a `--key-type` value.
    /// - Throws: `invalidArgument` naming the accepted spellings.
    public init(parsing value: String) throws(RolesAnywhereError) {
        guard let type = Self(rawValue: value.lowercased()) else {
            throw RolesAnywhereError(.invalidArgument, "--key-type '\(value)' is not one of \(Self.spellings)")
        }
        self = type
    }
}
