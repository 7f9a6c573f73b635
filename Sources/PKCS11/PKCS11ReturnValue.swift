/// A Cryptoki return value (`CK_RV`).
///
/// Modelled on swift-system's `Errno`: an open set of codes rather than an enum,
/// because tokens return vendor-defined values (`>= CKR_VENDOR_DEFINED`) that no
/// list can name. Every standard `CKR_*` value has a named static member, such as
/// ``pinIncorrect``, and ``name`` spells it the way the specification does.
///
/// ```swift
/// PKCS11ReturnValue(rawValue: 0xA0).name   // "CKR_PIN_INCORRECT"
/// PKCS11ReturnValue(rawValue: 0x8000_0042).name   // "CKR_VENDOR_DEFINED+0x42"
/// ```
public struct PKCS11ReturnValue: RawRepresentable, Hashable, Sendable {
    /// The `CK_RV` value as the module returned it.
    public let rawValue: UInt

    /// Wraps a raw `CK_RV` value, standard or not.
    public init(rawValue: UInt) {
        self.rawValue = rawValue
    }

    /// Whether the value lies in the vendor-defined range (`>= CKR_VENDOR_DEFINED`).
    public var isVendorDefined: Bool {
        rawValue >= Self.vendorDefined.rawValue
    }

    /// The specification's name: `CKR_PIN_INCORRECT` for a standard value,
    /// `CKR_VENDOR_DEFINED+0x2A` for a vendor value, `CKR_0x…` for any other unknown value.
    public var name: String {
        if let standard = Self.standardNames[rawValue] {
            return standard
        }
        if isVendorDefined {
            if rawValue == Self.vendorDefined.rawValue {
                return "CKR_VENDOR_DEFINED"
            }
            return "CKR_VENDOR_DEFINED+0x" + hex(rawValue - Self.vendorDefined.rawValue)
        }
        return "CKR_0x" + hex(rawValue)
    }

    private func hex(_ value: UInt) -> String {
        String(value, radix: 16, uppercase: true)
    }
}

extension PKCS11ReturnValue: CustomStringConvertible {
    /// The same text as ``name``.
    public var description: String { name }
}
