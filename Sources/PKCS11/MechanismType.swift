/// A mechanism type (`CK_MECHANISM_TYPE`, the `CKM_*` constants).
///
/// An open set: vendor mechanisms are created with ``init(rawValue:)``.
/// ``Slot/mechanisms()`` lists what a token offers.
public struct MechanismType: RawRepresentable, Hashable, Sendable {
    /// The `CK_MECHANISM_TYPE` value.
    public let rawValue: UInt

    /// Wraps a raw `CK_MECHANISM_TYPE`.
    public init(rawValue: UInt) {
        self.rawValue = rawValue
    }

    /// `CKM_RSA_PKCS_KEY_PAIR_GEN`: RSA key pair generation.
    public static let rsaPKCSKeyPairGen = MechanismType(rawValue: 0x0)
    /// `CKM_RSA_PKCS`: raw PKCS #1 v1.5; the caller supplies the DER `DigestInfo`.
    public static let rsaPKCS = MechanismType(rawValue: 0x1)
    /// `CKM_SHA1_RSA_PKCS`: PKCS #1 v1.5 with SHA-1 hashing on the token.
    public static let sha1RSAPKCS = MechanismType(rawValue: 0x6)
    /// `CKM_RSA_PKCS_PSS`: RSA-PSS over a caller-supplied digest.
    public static let rsaPKCSPSS = MechanismType(rawValue: 0xD)
    /// `CKM_SHA256_RSA_PKCS`: PKCS #1 v1.5 with SHA-256 hashing on the token.
    public static let sha256RSAPKCS = MechanismType(rawValue: 0x40)
    /// `CKM_SHA384_RSA_PKCS`: PKCS #1 v1.5 with SHA-384 hashing on the token.
    public static let sha384RSAPKCS = MechanismType(rawValue: 0x41)
    /// `CKM_SHA512_RSA_PKCS`: PKCS #1 v1.5 with SHA-512 hashing on the token.
    public static let sha512RSAPKCS = MechanismType(rawValue: 0x42)
    /// `CKM_SHA256_RSA_PKCS_PSS`: RSA-PSS with SHA-256 hashing on the token.
    public static let sha256RSAPKCSPSS = MechanismType(rawValue: 0x43)
    /// `CKM_SHA256`: SHA-256 digest.
    public static let sha256 = MechanismType(rawValue: 0x250)
    /// `CKM_SHA384`: SHA-384 digest.
    public static let sha384 = MechanismType(rawValue: 0x260)
    /// `CKM_SHA512`: SHA-512 digest.
    public static let sha512 = MechanismType(rawValue: 0x270)
    /// `CKM_EC_KEY_PAIR_GEN`: EC key pair generation.
    public static let ecKeyPairGen = MechanismType(rawValue: 0x1040)
    /// `CKM_ECDSA`: ECDSA over a caller-supplied digest; the result is raw `r || s`.
    public static let ecdsa = MechanismType(rawValue: 0x1041)
    /// `CKM_ECDSA_SHA1`: ECDSA with SHA-1 hashing on the token.
    public static let ecdsaSHA1 = MechanismType(rawValue: 0x1042)
    /// `CKM_ECDSA_SHA256`: ECDSA with SHA-256 hashing on the token.
    public static let ecdsaSHA256 = MechanismType(rawValue: 0x1044)
    /// `CKM_ECDSA_SHA384`: ECDSA with SHA-384 hashing on the token.
    public static let ecdsaSHA384 = MechanismType(rawValue: 0x1045)
    /// `CKM_ECDSA_SHA512`: ECDSA with SHA-512 hashing on the token.
    public static let ecdsaSHA512 = MechanismType(rawValue: 0x1046)
    /// `CKM_EDDSA`: EdDSA.
    public static let eddsa = MechanismType(rawValue: 0x1057)
}

extension MechanismType: CustomStringConvertible {
    private static let names: [UInt: String] = [
        0x0: "CKM_RSA_PKCS_KEY_PAIR_GEN", 0x1: "CKM_RSA_PKCS", 0x6: "CKM_SHA1_RSA_PKCS",
        0xD: "CKM_RSA_PKCS_PSS", 0x40: "CKM_SHA256_RSA_PKCS", 0x41: "CKM_SHA384_RSA_PKCS",
        0x42: "CKM_SHA512_RSA_PKCS", 0x43: "CKM_SHA256_RSA_PKCS_PSS", 0x250: "CKM_SHA256",
        0x260: "CKM_SHA384", 0x270: "CKM_SHA512", 0x1040: "CKM_EC_KEY_PAIR_GEN",
        0x1041: "CKM_ECDSA", 0x1042: "CKM_ECDSA_SHA1", 0x1044: "CKM_ECDSA_SHA256",
        0x1045: "CKM_ECDSA_SHA384", 0x1046: "CKM_ECDSA_SHA512", 0x1057: "CKM_EDDSA",
    ]

    /// The `CKM_*` name of the named mechanisms, otherwise `CKM_0x…`.
    public var description: String {
        Self.names[rawValue] ?? "CKM_0x" + String(rawValue, radix: 16, uppercase: true)
    }
}
