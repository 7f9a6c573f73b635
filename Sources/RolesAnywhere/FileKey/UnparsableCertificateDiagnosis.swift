import SwiftASN1
import _CryptoExtras

/// Explains why swift-certificates refused a certificate when the reason is one users meet:
/// an RSA key under 2048 bits (swift-crypto refuses such keys, so the whole certificate fails
/// to parse with no hint).
enum UnparsableCertificateDiagnosis {
    /// The RSA modulus size when the certificate's key is RSA under 2048 bits, else nil.
    static func smallRSAKeyBits(certificateDER der: [UInt8]) -> Int? {
        guard let root = try? DER.parse(der), case .constructed(let certificate) = root.content,
            let tbs = certificate.first(where: { _ in true }), case .constructed(let tbsFields) = tbs.content
        else { return nil }
        var fields = Array(tbsFields)
        if fields.first?.identifier.tagClass == .contextSpecific { fields.removeFirst() }  // [0] version
        // serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo
        guard fields.count >= 6, case .constructed(let spki) = fields[5].content else { return nil }
        let parts = Array(spki)
        guard parts.count == 2, let bits = try? ASN1BitString(derEncoded: parts[1]),
            let key = try? _RSA.Signing.PublicKey(unsafeDERRepresentation: bits.bytes),
            key.keySizeInBits < FileSigningKey.minimumRSABits
        else { return nil }
        return key.keySizeInBits
    }
}
