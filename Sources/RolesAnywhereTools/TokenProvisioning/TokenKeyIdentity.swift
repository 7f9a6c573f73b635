import RolesAnywhere
import PKCS11
import X509

/// A private key found on a token with the public half that goes with it: the key type and
/// curve from its attributes, the public value from the key or its public key object.
struct TokenKeyIdentity {
    let publicKey: Certificate.PublicKey
    let algorithm: KeyAlgorithm

    /// Reads the public half of `key`.
    /// - Parameter uri: names the key in messages.
    init(key: ObjectHandle, in session: Session, uri: String) throws {
        let expected: KeyAlgorithm
        switch try session.keyType(of: key) {
        case .rsa?:
            expected = .rsa(bits: 0)
        case .ec?:
            let parameters = try session.ecParams(of: key)
            switch parameters {
            case TokenPublicKey.p256Parameters?: expected = .ecdsaP256
            case TokenPublicKey.p384Parameters?: expected = .ecdsaP384
            default:
                throw RolesAnywhereError(
                    .invalidPrivateKey,
                    "the key \(uri) is on the curve \(TokenPublicKey.curveName(parameters: parameters) ?? "(unknown)"): IAM Roles Anywhere accepts P-256 and P-384")
            }
        case let other:
            throw RolesAnywhereError(
                .invalidPrivateKey, "the key \(uri) is an \(TokenPublicKey.name(of: other)) key: IAM Roles Anywhere accepts RSA and EC keys")
        }
        let found = try TokenPublicKey.candidates(of: key, in: session, expected: expected) { kind in
            RolesAnywhereError(.invalidPrivateKey, "the key \(uri) is an \(kind) key")
        }
        var unique: [Certificate.PublicKey] = []
        for candidate in found where !unique.contains(candidate) { unique.append(candidate) }
        guard unique.count == 1, let publicKey = unique.first else {
            throw RolesAnywhereError(
                .tokenObjectNotFound,
                unique.isEmpty
                    ? "the token shows no public key for \(uri): keep its public key object (same CKA_ID) on the token"
                    : "the token shows \(unique.count) different public keys with the CKA_ID of \(uri): give each key its own CKA_ID")
        }
        self.publicKey = publicKey
        self.algorithm = try KeyAlgorithm.of(publicKey, owner: "the key \(uri)")
    }
}
