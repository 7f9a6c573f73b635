internal import CPKCS11

/// A mechanism with its parameter (`CK_MECHANISM`), as passed to `C_SignInit` or
/// `C_GenerateKeyPair`.
///
/// The mechanisms this library signs with take no parameter, so most callers use
/// the statics: `.sha256RSAPKCS`, `.rsaPKCS`, `.ecdsa`.
public struct Mechanism: Hashable, Sendable {
    /// Which mechanism.
    public var type: MechanismType

    /// The encoded `pParameter` bytes; empty for parameterless mechanisms.
    public var parameter: [UInt8]

    /// Creates a mechanism of `type` with an optional encoded parameter.
    public init(_ type: MechanismType, parameter: [UInt8] = []) {
        self.type = type
        self.parameter = parameter
    }

    /// `CKM_RSA_PKCS`: PKCS #1 v1.5 signature over a caller-built `DigestInfo`.
    public static let rsaPKCS = Mechanism(.rsaPKCS)
    /// `CKM_SHA256_RSA_PKCS`: PKCS #1 v1.5 signature, SHA-256 computed by the token.
    public static let sha256RSAPKCS = Mechanism(.sha256RSAPKCS)
    /// `CKM_SHA384_RSA_PKCS`: PKCS #1 v1.5 signature, SHA-384 computed by the token.
    public static let sha384RSAPKCS = Mechanism(.sha384RSAPKCS)
    /// `CKM_SHA512_RSA_PKCS`: PKCS #1 v1.5 signature, SHA-512 computed by the token.
    public static let sha512RSAPKCS = Mechanism(.sha512RSAPKCS)
    /// `CKM_ECDSA`: ECDSA over a caller-computed digest; returns raw `r || s`.
    public static let ecdsa = Mechanism(.ecdsa)
    /// `CKM_ECDSA_SHA256`: ECDSA, SHA-256 computed by the token; returns raw `r || s`.
    public static let ecdsaSHA256 = Mechanism(.ecdsaSHA256)
    /// `CKM_RSA_PKCS_KEY_PAIR_GEN`: RSA key pair generation.
    public static let rsaPKCSKeyPairGen = Mechanism(.rsaPKCSKeyPairGen)
    /// `CKM_EC_KEY_PAIR_GEN`: EC key pair generation.
    public static let ecKeyPairGen = Mechanism(.ecKeyPairGen)
}

extension Mechanism {
    /// Calls `body` with a `CK_MECHANISM` whose parameter points into a copy of ``parameter``.
    func withCMechanism<R>(_ body: (UnsafeMutablePointer<CK_MECHANISM>) throws -> R) rethrows -> R {
        var bytes = parameter
        return try bytes.withUnsafeMutableBytes { raw in
            var mechanism = CK_MECHANISM(
                mechanism: type.rawValue,
                pParameter: raw.isEmpty ? nil : raw.baseAddress,
                ulParameterLen: UInt(raw.count)
            )
            return try body(&mechanism)
        }
    }
}
