import PKCS11
import X509

/// A private key found, logged in to and proven to belong to its certificate: what a
/// ``PKCS11Backend`` keeps between credential fetches.
struct ConnectedKey: Sendable {
    /// The session the key was found in; it stays open (and the token logged in) for the
    /// life of the backend.
    var session: Session
    var key: ObjectHandle
    /// A URI naming the key, for messages.
    var keyURI: String
    var tokenLabel: String
    /// The key's label, for the context-specific PIN prompt.
    var keyLabel: String
    var certificate: Certificate
    var intermediates: [Certificate]
    var algorithm: KeyAlgorithm
    /// The key's public halves as the token shows them (empty when tied to its certificate by
    /// `CKA_ID` only), for checking a certificate file that changed.
    var publicKeys: [Certificate.PublicKey]
    /// The mechanisms the token offers.
    var mechanisms: Set<MechanismType>
    /// `CKA_ALWAYS_AUTHENTICATE`: each signature needs `C_Login(CKU_CONTEXT_SPECIFIC)`.
    var alwaysAuthenticate: Bool
    /// `CKF_LOGIN_REQUIRED` of the token.
    var loginRequired: Bool
    /// The token shows no public value for the key: its next signature is verified with the
    /// certificate's public key before it leaves (see ``KeyCertificateProof``).
    var needsSignatureProof = false
}
