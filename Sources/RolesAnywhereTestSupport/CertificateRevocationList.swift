import Foundation
import SwiftASN1
import X509

/// The content of a v2 CRL and its DER encoding (RFC 5280 section 5.1).
///
/// ```
/// CertificateList ::= SEQUENCE { tbsCertList TBSCertList, signatureAlgorithm AlgorithmIdentifier,
///                                signatureValue BIT STRING }
/// TBSCertList ::= SEQUENCE { version Version (v2), signature AlgorithmIdentifier, issuer Name,
///   thisUpdate Time, nextUpdate Time,
///   revokedCertificates SEQUENCE OF SEQUENCE { userCertificate CertificateSerialNumber,
///                                              revocationDate Time } OPTIONAL,
///   crlExtensions [0] EXPLICIT Extensions OPTIONAL }
/// ```
struct CertificateRevocationList {
    var issuer: DistinguishedName
    var authorityKeyIdentifier: ArraySlice<UInt8>
    var thisUpdate: Date
    var nextUpdate: Date
    var revokedSerials: [Certificate.SerialNumber]
    var number: Int

    /// The signed `CertificateList`, DER. The signature is `key.sign(tbsCertList)`, which is
    /// SHA-256 based for every key type, matching the algorithm identifier written.
    func signedDER(with key: TestKey) throws -> [UInt8] {
        let algorithm = SignatureAlgorithmIdentifier(keyType: key.type)
        let tbs = try self.tbsCertListDER(algorithm: algorithm)
        let signature = try key.sign(tbs)
        var serializer = DER.Serializer()
        try serializer.appendConstructedNode(identifier: .sequence) { coder in
            coder.serializeRawBytes(tbs)
            try coder.serialize(algorithm)
            try coder.serialize(ASN1BitString(bytes: signature[...]))
        }
        return serializer.serializedBytes
    }

    private func tbsCertListDER(algorithm: SignatureAlgorithmIdentifier) throws -> [UInt8] {
        let revocationDate = try ASN1Time(self.thisUpdate)
        var serializer = DER.Serializer()
        try serializer.appendConstructedNode(identifier: .sequence) { coder in
            try coder.serialize(1)  // v2
            try coder.serialize(algorithm)
            try coder.serialize(self.issuer)
            try coder.serialize(try ASN1Time(self.thisUpdate))
            try coder.serialize(try ASN1Time(self.nextUpdate))
            if !self.revokedSerials.isEmpty {
                try coder.appendConstructedNode(identifier: .sequence) { list in
                    for serial in self.revokedSerials {
                        try list.appendConstructedNode(identifier: .sequence) { entry in
                            try entry.serialize(serial.bytes)
                            try entry.serialize(revocationDate)
                        }
                    }
                }
            }
            let extensions = try self.extensions()
            try coder.appendConstructedNode(
                identifier: ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific)
            ) { wrapper in
                try wrapper.serializeSequenceOf(extensions)
            }
        }
        return serializer.serializedBytes
    }

    private func extensions() throws -> [Certificate.Extension] {
        var number = DER.Serializer()
        try number.serialize(self.number)
        return [
            try Certificate.Extension(
                AuthorityKeyIdentifier(keyIdentifier: self.authorityKeyIdentifier),
                critical: false
            ),
            Certificate.Extension(oid: [2, 5, 29, 20], critical: false, value: number.serializedBytes[...]),
        ]
    }
}
