import RolesAnywhere
import PKCS11

/// Writes to a PKCS#11 token: generates key pairs inside it and stores certificates next to
/// their keys (`token keygen`, `token import-cert`).
///
/// ```swift
/// let token = TokenProvisioner(token: "my-token", pinSource: .environment("TOKEN_PIN"))
/// let keyURI = try token.generateKeyPair(label: "aws", id: [0x01], keyType: .ecP256)
/// let certificateURI = try token.importCertificate(path: "aws.pem", label: nil, id: nil, replace: false)
/// ```
public struct TokenProvisioner: Sendable {
    /// The token: its label, or a `pkcs11:` URI naming it.
    public var token: String
    /// The PKCS#11 module (nil: p11-kit's proxy).
    public var modulePath: String?
    /// The user PIN's source (nil: the URI's, else a prompt).
    public var pinSource: PINSource?

    /// Describes the token to write to.
    public init(token: String, modulePath: String? = nil, pinSource: PINSource? = nil) {
        self.token = token
        self.modulePath = modulePath
        self.pinSource = pinSource
    }
}
