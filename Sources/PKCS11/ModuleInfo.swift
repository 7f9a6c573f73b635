internal import CPKCS11

/// What a module says about itself (`C_GetInfo`, `CK_INFO`).
public struct ModuleInfo: Hashable, Sendable {
    /// The Cryptoki version the module implements.
    public var cryptokiVersion: PKCS11Version
    /// The module's manufacturer (`library-manufacturer` in a PKCS #11 URI).
    public var manufacturer: String
    /// The module's description (`library-description` in a PKCS #11 URI).
    public var libraryDescription: String
    /// The module's own version (`library-version` in a PKCS #11 URI).
    public var libraryVersion: PKCS11Version

    /// Creates module information.
    public init(cryptokiVersion: PKCS11Version, manufacturer: String, libraryDescription: String,
                libraryVersion: PKCS11Version) {
        self.cryptokiVersion = cryptokiVersion
        self.manufacturer = manufacturer
        self.libraryDescription = libraryDescription
        self.libraryVersion = libraryVersion
    }

    init(_ info: CK_INFO) {
        self.init(
            cryptokiVersion: PKCS11Version(info.cryptokiVersion),
            manufacturer: PaddedText.decode(info.manufacturerID),
            libraryDescription: PaddedText.decode(info.libraryDescription),
            libraryVersion: PKCS11Version(info.libraryVersion)
        )
    }

    /// The `CK_INFO` form, blank-padded, for p11-kit's URI matching.
    var cInfo: CK_INFO {
        var info = CK_INFO()
        info.cryptokiVersion = CK_VERSION(major: cryptokiVersion.major, minor: cryptokiVersion.minor)
        info.libraryVersion = CK_VERSION(major: libraryVersion.major, minor: libraryVersion.minor)
        PaddedText.encode(manufacturer, into: &info.manufacturerID)
        PaddedText.encode(libraryDescription, into: &info.libraryDescription)
        return info
    }
}
