import SwiftASN1
import _CryptoExtras

/// Explains why swift-certificates refused a certificate when the reason is one users meet:
/// an RSA key under 2048 bits (swift-crypto refuses such keys, so the whole certificate fails
/// to parse with no hint).
package enum UnparsableCertificateDiagnosis {
    /// The RSA modulus size when the certificate's key is RSA under 2048 bits, else nil.
    package static func smallRSAKeyBits(certificateDER der: [UInt8]) -> Int? {
        guard let root = try? DER.parse(der), case .constructed(let certificate) = root.content,
            let tbs = certificate.first(where: { _ in true }), case .constructed(let tbsFields) = tbs.content
        else { return nil }
        var fields = Array(tbsFields)
        if fields.first?.identifier.tagClass == .contextSpecific { fields.removeFirst() }  // [0] version
        // serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo
        guard fields.count >= 6 else { return nil }
        return smallRSAKeyBits(subjectPublicKeyInfo: fields[5])
    }

    /// The same for a certificate signing request (PKCS #10), which swift-certificates refuses alike.
    package static func smallRSAKeyBits(requestDER der: [UInt8]) -> Int? {
        guard let root = try? DER.parse(der), case .constructed(let request) = root.content,
            let info = request.first(where: { _ in true }), case .constructed(let infoFields) = info.content
        else { return nil }
        // version, subject, subjectPKInfo, attributes
        let fields = Array(infoFields)
        guard fields.count >= 3 else { return nil }
        return smallRSAKeyBits(subjectPublicKeyInfo: fields[2])
    }

    private static func smallRSAKeyBits(subjectPublicKeyInfo node: ASN1Node) -> Int? {
        guard case .constructed(let spki) = node.content else { return nil }
        let parts = Array(spki)
        guard parts.count == 2, let bits = try? ASN1BitString(derEncoded: parts[1]),
            let key = try? _RSA.Signing.PublicKey(unsafeDERRepresentation: bits.bytes),
            key.keySizeInBits < FileSigningKey.minimumRSABits
        else { return nil }
        return key.keySizeInBits
    }
}
