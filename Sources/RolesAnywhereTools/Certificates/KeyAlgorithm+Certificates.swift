import RolesAnywhere
import Crypto
import X509
import _CryptoExtras

extension KeyAlgorithm {
    /// The algorithm of a public key IAM Roles Anywhere accepts: RSA of 2048 bits or more,
    /// EC P-256 or EC P-384.
    /// - Parameter owner: names the key's holder for the message, e.g. "the CSR 'req.pem'".
    /// - Throws: `invalidPrivateKey` for other keys.
    static func of(_ publicKey: Certificate.PublicKey, owner: String) throws(RolesAnywhereError) -> KeyAlgorithm {
        if let rsa = _RSA.Signing.PublicKey(publicKey) {
            guard rsa.keySizeInBits >= FileSigningKey.minimumRSABits else {
                throw RolesAnywhereError(
                    .invalidPrivateKey, "\(owner) holds an RSA-\(rsa.keySizeInBits) key: RSA keys under 2048 bits are refused")
            }
            return .rsa(bits: rsa.keySizeInBits)
        }
        if P256.Signing.PublicKey(publicKey) != nil { return .ecdsaP256 }
        if P384.Signing.PublicKey(publicKey) != nil { return .ecdsaP384 }
        throw RolesAnywhereError(
            .invalidPrivateKey, "\(owner) holds a key IAM Roles Anywhere does not accept: use RSA (2048 bits or more), EC P-256 or EC P-384")
    }

    /// The signature algorithm certificates and CSRs signed by such a key use: SHA-256 with
    /// RSA and P-256, SHA-384 with P-384 (the curve's own strength).
    var certificateSignatureAlgorithm: Certificate.SignatureAlgorithm {
        switch self {
        case .rsa: .sha256WithRSAEncryption
        case .ecdsaP256: .ecdsaWithSHA256
        case .ecdsaP384: .ecdsaWithSHA384
        }
    }

    /// The digest ``certificateSignatureAlgorithm`` hashes with.
    var certificateSignatureDigest: SignatureDigest {
        self == .ecdsaP384 ? .sha384 : .sha256
    }
}
