/// What a PKCS#12 bundle holds, re-encoded as plain DER for swift-crypto and swift-certificates.
struct PKCS12Contents: Sendable {
    /// The private key as an unencrypted PKCS#8 `PrivateKeyInfo` (DER).
    ///
    /// This is secret material: do not log it, and drop it as soon as the key is parsed.
    var privateKeyPKCS8: [UInt8]
    /// The certificate whose public key matches ``privateKeyPKCS8`` (the leaf), DER.
    var certificate: [UInt8]
    /// The bundle's other certificates (usually the chain), DER, in bundle order.
    var otherCertificates: [[UInt8]]
}
