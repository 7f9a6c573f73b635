import SwiftASN1

/// What a PKCS#12 bundle holds, re-encoded as plain DER for swift-crypto and swift-certificates.
package struct PKCS12Contents: Sendable {
    /// The private key as an unencrypted PKCS#8 `PrivateKeyInfo` (DER).
    ///
    /// This is secret material: do not log it, and drop it as soon as the key is parsed.
    var privateKeyPKCS8: [UInt8]
    /// The certificate whose public key matches ``privateKeyPKCS8`` (the leaf), DER.
    var certificate: [UInt8]
    /// The bundle's other certificates (usually the chain), DER, in bundle order.
    var otherCertificates: [[UInt8]]
}

extension PKCS12Contents {
    /// Whether `bytes` have the outer shape of a PKCS#12 `PFX` (RFC 7292): a DER `SEQUENCE` of
    /// `version INTEGER (3)` and an `authSafe` `ContentInfo` `SEQUENCE`. Checked before a
    /// password is asked for, so a file of garbage is called garbage instead of "encrypted".
    package static func isPFXShaped(_ bytes: [UInt8]) -> Bool {
        guard let root = try? DER.parse(bytes), root.identifier == .sequence, case .constructed(let nodes) = root.content else {
            return false
        }
        var children = nodes.makeIterator()
        guard let version = children.next(), let value = try? Int(derEncoded: version), value == 3 else { return false }
        return children.next()?.identifier == .sequence
    }
}
