/// An object attribute type (`CK_ATTRIBUTE_TYPE`, the `CKA_*` constants).
///
/// An open set: vendor attributes are created with ``init(rawValue:)``.
public struct AttributeType: RawRepresentable, Hashable, Sendable {
    /// The `CK_ATTRIBUTE_TYPE` value.
    public let rawValue: UInt

    /// Wraps a raw `CK_ATTRIBUTE_TYPE`.
    public init(rawValue: UInt) {
        self.rawValue = rawValue
    }

    /// `CKA_CLASS`: the ``ObjectClass`` of an object.
    public static let objectClass = AttributeType(rawValue: 0x0)
    /// `CKA_TOKEN`: the object persists on the token (not only in the session).
    public static let token = AttributeType(rawValue: 0x1)
    /// `CKA_PRIVATE`: the object is visible only after a user login.
    public static let `private` = AttributeType(rawValue: 0x2)
    /// `CKA_LABEL`: a UTF-8 label.
    public static let label = AttributeType(rawValue: 0x3)
    /// `CKA_VALUE`: the value of an object, e.g. a certificate's DER encoding.
    public static let value = AttributeType(rawValue: 0x11)
    /// `CKA_CERTIFICATE_TYPE`: `CKC_X_509` (0) for X.509 certificates.
    public static let certificateType = AttributeType(rawValue: 0x80)
    /// `CKA_ISSUER`: DER encoding of a certificate's issuer name.
    public static let issuer = AttributeType(rawValue: 0x81)
    /// `CKA_SERIAL_NUMBER`: DER encoding of a certificate's serial number.
    public static let serialNumber = AttributeType(rawValue: 0x82)
    /// `CKA_TRUSTED`: the certificate is trusted by the token.
    public static let trusted = AttributeType(rawValue: 0x86)
    /// `CKA_CERTIFICATE_CATEGORY`: 0 unspecified, 1 token user, 2 authority, 3 other entity.
    public static let certificateCategory = AttributeType(rawValue: 0x87)
    /// `CKA_KEY_TYPE`: the ``KeyType`` of a key.
    public static let keyType = AttributeType(rawValue: 0x100)
    /// `CKA_SUBJECT`: DER encoding of a subject name.
    public static let subject = AttributeType(rawValue: 0x101)
    /// `CKA_ID`: identifier bytes that tie a key to its certificate.
    public static let id = AttributeType(rawValue: 0x102)
    /// `CKA_SENSITIVE`: the key's secret parts can never be revealed.
    public static let sensitive = AttributeType(rawValue: 0x103)
    /// `CKA_ENCRYPT`: the key may encrypt.
    public static let encrypt = AttributeType(rawValue: 0x104)
    /// `CKA_DECRYPT`: the key may decrypt.
    public static let decrypt = AttributeType(rawValue: 0x105)
    /// `CKA_WRAP`: the key may wrap other keys.
    public static let wrap = AttributeType(rawValue: 0x106)
    /// `CKA_UNWRAP`: the key may unwrap other keys.
    public static let unwrap = AttributeType(rawValue: 0x107)
    /// `CKA_SIGN`: the key may sign.
    public static let sign = AttributeType(rawValue: 0x108)
    /// `CKA_VERIFY`: the key may verify.
    public static let verify = AttributeType(rawValue: 0x10A)
    /// `CKA_DERIVE`: the key may derive other keys.
    public static let derive = AttributeType(rawValue: 0x10C)
    /// `CKA_MODULUS`: an RSA modulus, big-endian.
    public static let modulus = AttributeType(rawValue: 0x120)
    /// `CKA_MODULUS_BITS`: the RSA modulus length in bits (key generation).
    public static let modulusBits = AttributeType(rawValue: 0x121)
    /// `CKA_PUBLIC_EXPONENT`: an RSA public exponent, big-endian.
    public static let publicExponent = AttributeType(rawValue: 0x122)
    /// `CKA_PUBLIC_KEY_INFO`: DER `SubjectPublicKeyInfo` (PKCS #11 v2.40; few tokens fill it).
    public static let publicKeyInfo = AttributeType(rawValue: 0x129)
    /// `CKA_EXTRACTABLE`: the key may be wrapped out of the token.
    public static let extractable = AttributeType(rawValue: 0x162)
    /// `CKA_LOCAL`: the key was generated on the token.
    public static let local = AttributeType(rawValue: 0x163)
    /// `CKA_NEVER_EXTRACTABLE`: the key has never been extractable.
    public static let neverExtractable = AttributeType(rawValue: 0x164)
    /// `CKA_ALWAYS_SENSITIVE`: the key has always been sensitive.
    public static let alwaysSensitive = AttributeType(rawValue: 0x165)
    /// `CKA_KEY_GEN_MECHANISM`: the mechanism that generated the key.
    public static let keyGenMechanism = AttributeType(rawValue: 0x166)
    /// `CKA_MODIFIABLE`: the object's attributes may be changed.
    public static let modifiable = AttributeType(rawValue: 0x170)
    /// `CKA_EC_PARAMS`: DER encoding of the curve (usually a named-curve OID).
    public static let ecParams = AttributeType(rawValue: 0x180)
    /// `CKA_EC_POINT`: DER `OCTET STRING` holding the uncompressed public point.
    public static let ecPoint = AttributeType(rawValue: 0x181)
    /// `CKA_ALWAYS_AUTHENTICATE`: each use needs `C_Login(CKU_CONTEXT_SPECIFIC)`.
    public static let alwaysAuthenticate = AttributeType(rawValue: 0x202)
}
