/// An object class (`CK_OBJECT_CLASS`, the `CKO_*` constants).
///
/// An open set: vendor classes are created with ``init(rawValue:)``.
public struct ObjectClass: RawRepresentable, Hashable, Sendable {
    /// The `CK_OBJECT_CLASS` value.
    public let rawValue: UInt

    /// Wraps a raw `CK_OBJECT_CLASS`.
    public init(rawValue: UInt) {
        self.rawValue = rawValue
    }

    /// `CKO_DATA`.
    public static let data = ObjectClass(rawValue: 0)
    /// `CKO_CERTIFICATE`.
    public static let certificate = ObjectClass(rawValue: 1)
    /// `CKO_PUBLIC_KEY`.
    public static let publicKey = ObjectClass(rawValue: 2)
    /// `CKO_PRIVATE_KEY`.
    public static let privateKey = ObjectClass(rawValue: 3)
    /// `CKO_SECRET_KEY`.
    public static let secretKey = ObjectClass(rawValue: 4)
    /// `CKO_HW_FEATURE`.
    public static let hardwareFeature = ObjectClass(rawValue: 5)
    /// `CKO_DOMAIN_PARAMETERS`.
    public static let domainParameters = ObjectClass(rawValue: 6)
    /// `CKO_MECHANISM`.
    public static let mechanism = ObjectClass(rawValue: 7)
    /// `CKO_OTP_KEY`.
    public static let otpKey = ObjectClass(rawValue: 8)
}

extension ObjectClass: CustomStringConvertible {
    /// The `CKO_*` name, or the hexadecimal value for unknown classes.
    public var description: String {
        let names = [
            "CKO_DATA", "CKO_CERTIFICATE", "CKO_PUBLIC_KEY", "CKO_PRIVATE_KEY", "CKO_SECRET_KEY",
            "CKO_HW_FEATURE", "CKO_DOMAIN_PARAMETERS", "CKO_MECHANISM", "CKO_OTP_KEY",
        ]
        if rawValue < UInt(names.count) {
            return names[Int(rawValue)]
        }
        return "CKO_0x" + String(rawValue, radix: 16, uppercase: true)
    }
}
