internal import CPKCS11

/// What a slot says about itself (`C_GetSlotInfo`, `CK_SLOT_INFO`).
public struct SlotInfo: Hashable, Sendable {
    /// The slot description (`slot-description` in a PKCS #11 URI).
    public var slotDescription: String
    /// The slot manufacturer (`slot-manufacturer` in a PKCS #11 URI).
    public var manufacturer: String
    /// The slot flags.
    public var flags: SlotFlags
    /// The hardware version.
    public var hardwareVersion: PKCS11Version
    /// The firmware version.
    public var firmwareVersion: PKCS11Version

    /// Creates slot information.
    public init(slotDescription: String, manufacturer: String, flags: SlotFlags,
                hardwareVersion: PKCS11Version, firmwareVersion: PKCS11Version) {
        self.slotDescription = slotDescription
        self.manufacturer = manufacturer
        self.flags = flags
        self.hardwareVersion = hardwareVersion
        self.firmwareVersion = firmwareVersion
    }

    init(_ info: CK_SLOT_INFO) {
        self.init(
            slotDescription: PaddedText.decode(info.slotDescription),
            manufacturer: PaddedText.decode(info.manufacturerID),
            flags: SlotFlags(rawValue: info.flags),
            hardwareVersion: PKCS11Version(info.hardwareVersion),
            firmwareVersion: PKCS11Version(info.firmwareVersion)
        )
    }

    /// The `CK_SLOT_INFO` form, blank-padded, for p11-kit's URI matching.
    var cInfo: CK_SLOT_INFO {
        var info = CK_SLOT_INFO()
        PaddedText.encode(slotDescription, into: &info.slotDescription)
        PaddedText.encode(manufacturer, into: &info.manufacturerID)
        info.flags = flags.rawValue
        info.hardwareVersion = CK_VERSION(major: hardwareVersion.major, minor: hardwareVersion.minor)
        info.firmwareVersion = CK_VERSION(major: firmwareVersion.major, minor: firmwareVersion.minor)
        return info
    }
}
