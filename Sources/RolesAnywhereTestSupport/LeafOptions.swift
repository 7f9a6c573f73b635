import Foundation
import X509

/// What a leaf (end-entity) certificate issued by a ``TestCertificateAuthority`` looks like.
///
/// The defaults make a certificate IAM Roles Anywhere accepts: v3, a P-256 key, valid
/// from an hour ago for a day, `digitalSignature` key usage, `CA:FALSE`. Change one
/// field to make the bad certificate a test needs.
public struct LeafOptions: Sendable {
    /// The subject's common name.
    public var commonName: String
    /// The kind of subject key.
    public var keyType: TestKeyType
    /// Which key of the ``TestKey/shared(_:index:)`` cache the leaf uses.
    public var keyIndex: Int
    /// The serial number; by default a random positive 159-bit number, chosen when the
    /// options are made so a test can put it in a CRL before issuing.
    public var serial: Certificate.SerialNumber
    /// The start of the validity window.
    public var notBefore: Date
    /// The end of the validity window.
    public var notAfter: Date
    /// The X.509 version. A `.v1` certificate has no extensions at all: ``keyUsage``
    /// and ``isCA`` are then ignored.
    public var version: Certificate.Version
    /// The key usage extension (critical), or `nil` to leave the extension out.
    public var keyUsage: KeyUsage?
    /// The basic constraints `cA` flag (the extension is always present and critical on
    /// v3 leaves): `true` makes a leaf that claims to be a CA.
    public var isCA: Bool

    /// Creates leaf options; every argument has a default that makes a valid leaf.
    public init(
        commonName: String = "test-client",
        keyType: TestKeyType = .p256,
        keyIndex: Int = 0,
        serial: Certificate.SerialNumber? = nil,
        notBefore: Date = Date().addingTimeInterval(-3600),
        notAfter: Date = Date().addingTimeInterval(86_400),
        version: Certificate.Version = .v3,
        keyUsage: KeyUsage? = KeyUsage(digitalSignature: true),
        isCA: Bool = false
    ) {
        self.commonName = commonName
        self.keyType = keyType
        self.keyIndex = keyIndex
        self.serial = serial ?? SerialNumberGenerator.random159Bit()
        self.notBefore = notBefore
        self.notAfter = notAfter
        self.version = version
        self.keyUsage = keyUsage
        self.isCA = isCA
    }
}
