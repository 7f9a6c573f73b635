import PKCS11
import X509

/// Proves which private key belongs to a certificate by comparing public values (RSA modulus
/// and exponent, EC point) read from the token: no test signature is made.
///
/// When the token shows no public value for a key, a key on the certificate's own token with
/// the certificate's `CKA_ID` is accepted, as PKCS#11 ties the two by that ID. When nothing
/// ties them (a certificate file and an EC key imported without its point, as many HSMs hold
/// them), the one key named is accepted on condition: the signature it makes for the request is
/// verified with the certificate's public key before anything is sent.
package struct KeyCertificateProof {
    /// The key that belongs to the certificate.
    package var key: TokenObjectLocator.FoundKey
    /// The public halves the token showed for it (empty when tied by `CKA_ID` only).
    package var publicKeys: [Certificate.PublicKey]
    /// True when only its first signature can prove it (see the type's description).
    package var needsSignatureProof = false

    /// The one candidate that belongs to `certificate`.
    /// - Throws: `keyMismatch` when none does (with the reason for the first candidate),
    ///   `ambiguousTokenObject` when several do, `tokenObjectNotFound` when there are none.
    package static func choose(
        among candidates: [TokenObjectLocator.FoundKey], certificate: Certificate, algorithm: KeyAlgorithm,
        tokenCertificate: TokenObjectLocator.FoundCertificate?
    ) throws -> KeyCertificateProof {
        var proven: [KeyCertificateProof] = []
        var pending: [KeyCertificateProof] = []
        var firstFailure: (any Error)?
        for candidate in candidates {
            do {
                let proof = try prove(candidate, certificate: certificate, algorithm: algorithm, tokenCertificate: tokenCertificate)
                if proof.needsSignatureProof { pending.append(proof) } else { proven.append(proof) }
            } catch {
                firstFailure = firstFailure ?? error
            }
        }
        if proven.count == 1 { return proven[0] }
        if proven.isEmpty, pending.count == 1, candidates.count == 1 { return pending[0] }
        if proven.isEmpty, pending.count > 1 || (pending.count == 1 && candidates.count > 1) {
            throw RolesAnywhereError(
                .keyMismatch,
                "cannot tell which private key belongs to the certificate \(certificate.subject): the token shows no public key for \(pending.map(\.key.uri).joined(separator: ", ")); give one with \(setting: .privateKey)")
        }
        if proven.count > 1 {
            throw RolesAnywhereError(
                .ambiguousTokenObject,
                "\(proven.count) private keys belong to the certificate \(certificate.subject): \(proven.map(\.key.uri).joined(separator: ", ")); give one with \(setting: .privateKey)")
        }
        if let firstFailure { throw firstFailure }
        let location = tokenCertificate.map { "with the CKA_ID of the certificate \($0.uri) on token '\($0.tokenLabel)'" } ?? ""
        throw RolesAnywhereError(
            .tokenObjectNotFound, "no private key \(location) was found: give the key with \(setting: .privateKey) pkcs11:...")
    }

    private static func prove(
        _ key: TokenObjectLocator.FoundKey, certificate: Certificate, algorithm: KeyAlgorithm,
        tokenCertificate: TokenObjectLocator.FoundCertificate?
    ) throws -> KeyCertificateProof {
        let publicKeys = try TokenPublicKey.candidates(of: key.handle, in: key.session, expected: algorithm) { keyKind in
            RolesAnywhereError(
                .keyMismatch,
                "the private key \(key.uri) is an \(keyKind) key but the certificate \(certificate.subject) holds an \(algorithm) key: give the key the certificate was issued for")
        }
        if publicKeys.contains(certificate.publicKey) {
            return KeyCertificateProof(key: key, publicKeys: publicKeys)
        }
        if let shown = publicKeys.first {
            try IdentityCheck.requireMatch(publicKey: shown, certificate: certificate, keySource: key.uri)
        }
        if let tokenCertificate, tokenCertificate.session.slot == key.session.slot,
            let id = tokenCertificate.id, !id.isEmpty, try key.session.id(of: key.handle) == id
        {
            return KeyCertificateProof(key: key, publicKeys: [])
        }
        return KeyCertificateProof(key: key, publicKeys: [], needsSignatureProof: true)
    }
}
