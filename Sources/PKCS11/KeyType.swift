/// A key type (`CK_KEY_TYPE`, the `CKK_*` constants).
///
/// An open set: vendor key types are created with ``init(rawValue:)``.
public struct KeyType: RawRepresentable, Hashable, Sendable {
    /// The `CK_KEY_TYPE` value.
    public let rawValue: UInt

    /// Wraps a raw `CK_KEY_TYPE`.
    public init(rawValue: UInt) {
        self.rawValue = rawValue
    }

    /// `CKK_RSA`.
    public static let rsa = KeyType(rawValue: 0x0)
    /// `CKK_DSA`.
    public static let dsa = KeyType(rawValue: 0x1)
    /// `CKK_DH`.
    public static let dh = KeyType(rawValue: 0x2)
    /// `CKK_EC` (also called `CKK_ECDSA`).
    public static let ec = KeyType(rawValue: 0x3)
    /// `CKK_GENERIC_SECRET`.
    public static let genericSecret = KeyType(rawValue: 0x10)
    /// `CKK_AES`.
    public static let aes = KeyType(rawValue: 0x1F)
    /// `CKK_EC_EDWARDS` (Ed25519, Ed448).
    public static let ecEdwards = KeyType(rawValue: 0x40)
    /// `CKK_EC_MONTGOMERY` (X25519, X448).
    public static let ecMontgomery = KeyType(rawValue: 0x41)
}

extension KeyType: CustomStringConvertible {
    /// The `CKK_*` name, or the hexadecimal value for other types.
    public var description: String {
        switch self {
        case .rsa: "CKK_RSA"
        case .dsa: "CKK_DSA"
        case .dh: "CKK_DH"
        case .ec: "CKK_EC"
        case .genericSecret: "CKK_GENERIC_SECRET"
        case .aes: "CKK_AES"
        case .ecEdwards: "CKK_EC_EDWARDS"
        case .ecMontgomery: "CKK_EC_MONTGOMERY"
        default: "CKK_0x" + String(rawValue, radix: 16, uppercase: true)
        }
    }
}
