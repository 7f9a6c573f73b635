import Crypto
import X509
import _CryptoExtras

/// Checks a signature in wire form (RSA PKCS#1 v1.5 bytes, DER ECDSA) with a certificate's
/// public key: how a token key with no public value is proven to belong to its certificate,
/// using the very signature the request needs (no extra token operation).
enum SignatureCheck {
    /// Whether `signature` over `message` (hashed with `digest`) verifies with `publicKey`.
    static func isValid(_ signature: [UInt8], message: [UInt8], digest: SignatureDigest, publicKey: Certificate.PublicKey) -> Bool {
        if let key = P256.Signing.PublicKey(publicKey), let value = try? P256.Signing.ECDSASignature(derRepresentation: signature) {
            switch digest {
            case .sha256: return key.isValidSignature(value, for: SHA256.hash(data: message))
            case .sha384: return key.isValidSignature(value, for: SHA384.hash(data: message))
            case .sha512: return key.isValidSignature(value, for: SHA512.hash(data: message))
            }
        }
        if let key = P384.Signing.PublicKey(publicKey), let value = try? P384.Signing.ECDSASignature(derRepresentation: signature) {
            switch digest {
            case .sha256: return key.isValidSignature(value, for: SHA256.hash(data: message))
            case .sha384: return key.isValidSignature(value, for: SHA384.hash(data: message))
            case .sha512: return key.isValidSignature(value, for: SHA512.hash(data: message))
            }
        }
        if let key = _RSA.Signing.PublicKey(publicKey) {
            let value = _RSA.Signing.RSASignature(rawRepresentation: signature)
            switch digest {
            case .sha256: return key.isValidSignature(value, for: SHA256.hash(data: message), padding: .insecurePKCS1v1_5)
            case .sha384: return key.isValidSignature(value, for: SHA384.hash(data: message), padding: .insecurePKCS1v1_5)
            case .sha512: return key.isValidSignature(value, for: SHA512.hash(data: message), padding: .insecurePKCS1v1_5)
            }
        }
        return false
    }
}
