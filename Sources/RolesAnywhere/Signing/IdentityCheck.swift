import Crypto
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import X509
import _CryptoExtras

/// Checks every backend runs before any network call: the key belongs to the certificate,
/// and the certificate is inside its validity window.
public enum IdentityCheck {
    /// Throws `keyMismatch` unless the key's public key equals the certificate's.
    /// - Parameter keySource: names the key (a path or URI) for the message.
    public static func requireMatch(
        publicKey: Certificate.PublicKey, certificate: Certificate, keySource: String
    ) throws(RolesAnywhereError) {
        guard publicKey == certificate.publicKey else {
            throw RolesAnywhereError(
                .keyMismatch,
                "the private key \(keySource) does not belong to the certificate \(certificate.subject): give the key the certificate was issued for")
        }
    }

    /// Throws `certificateExpired` or `certificateNotYetValid` outside the validity window.
    public static func requireValid(_ certificate: Certificate, at now: Date) throws(RolesAnywhereError) {
        if now > certificate.notValidAfter {
            throw RolesAnywhereError(
                .certificateExpired,
                "the certificate \(certificate.subject) expired on \(ISO8601Timestamp.string(from: certificate.notValidAfter)): renew it")
        }
        if now < certificate.notValidBefore {
            throw RolesAnywhereError(
                .certificateNotYetValid,
                "the certificate \(certificate.subject) is not valid until \(ISO8601Timestamp.string(from: certificate.notValidBefore)): check this machine's clock")
        }
    }

    /// The key algorithm a certificate's public key implies, or an error for unsupported keys.
    public static func keyAlgorithm(of certificate: Certificate) throws(RolesAnywhereError) -> KeyAlgorithm {
        if let rsa = _RSAPublicKeyBits(certificate.publicKey) { return .rsa(bits: rsa) }
        if P256.Signing.PublicKey(certificate.publicKey) != nil { return .ecdsaP256 }
        if P384.Signing.PublicKey(certificate.publicKey) != nil { return .ecdsaP384 }
        throw RolesAnywhereError(
            .invalidCertificate,
            "the certificate \(certificate.subject) has a key type IAM Roles Anywhere does not accept: use RSA, EC P-256 or EC P-384")
    }
}

private func _RSAPublicKeyBits(_ key: Certificate.PublicKey) -> Int? {
    _RSA.Signing.PublicKey(key)?.keySizeInBits
}
