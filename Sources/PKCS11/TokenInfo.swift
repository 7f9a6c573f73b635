internal import CPKCS11

/// What a token says about itself (`C_GetTokenInfo`, `CK_TOKEN_INFO`).
///
/// Text fields are trimmed of Cryptoki's blank padding.
public struct TokenInfo: Hashable, Sendable {
    /// The token label (`token` in a PKCS #11 URI).
    public var label: String
    /// The manufacturer (`manufacturer` in a PKCS #11 URI).
    public var manufacturer: String
    /// The model (`model` in a PKCS #11 URI).
    public var model: String
    /// The serial number (`serial` in a PKCS #11 URI).
    public var serialNumber: String
    /// The token flags.
    public var flags: TokenFlags
    /// The shortest PIN the token accepts.
    public var minPinLength: UInt
    /// The longest PIN the token accepts.
    public var maxPinLength: UInt
    /// The hardware version.
    public var hardwareVersion: PKCS11Version
    /// The firmware version.
    public var firmwareVersion: PKCS11Version

    /// Creates token information.
    public init(label: String, manufacturer: String, model: String, serialNumber: String,
                flags: TokenFlags, minPinLength: UInt = 0, maxPinLength: UInt = 0,
                hardwareVersion: PKCS11Version = .init(major: 0, minor: 0),
                firmwareVersion: PKCS11Version = .init(major: 0, minor: 0)) {
        self.label = label
        self.manufacturer = manufacturer
        self.model = model
        self.serialNumber = serialNumber
        self.flags = flags
        self.minPinLength = minPinLength
        self.maxPinLength = maxPinLength
        self.hardwareVersion = hardwareVersion
        self.firmwareVersion = firmwareVersion
    }

    init(_ info: CK_TOKEN_INFO) {
        self.init(
            label: PaddedText.decode(info.label),
            manufacturer: PaddedText.decode(info.manufacturerID),
            model: PaddedText.decode(info.model),
            serialNumber: PaddedText.decode(info.serialNumber),
            flags: TokenFlags(rawValue: info.flags),
            minPinLength: info.ulMinPinLen,
            maxPinLength: info.ulMaxPinLen,
            hardwareVersion: PKCS11Version(info.hardwareVersion),
            firmwareVersion: PKCS11Version(info.firmwareVersion)
        )
    }

    /// The `CK_TOKEN_INFO` form, blank-padded, for p11-kit's URI functions.
    var cInfo: CK_TOKEN_INFO {
        var info = CK_TOKEN_INFO()
        PaddedText.encode(label, into: &info.label)
        PaddedText.encode(manufacturer, into: &info.manufacturerID)
        PaddedText.encode(model, into: &info.model)
        PaddedText.encode(serialNumber, into: &info.serialNumber)
        info.flags = flags.rawValue
        info.ulMinPinLen = minPinLength
        info.ulMaxPinLen = maxPinLength
        return info
    }
}
