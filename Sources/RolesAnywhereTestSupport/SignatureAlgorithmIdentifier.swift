import SwiftASN1

/// The `AlgorithmIdentifier` of a SHA-256 signature by a ``TestKey``, as written in a CRL:
/// sha256WithRSAEncryption (with NULL parameters) or ecdsa-with-SHA256 (no parameters).
struct SignatureAlgorithmIdentifier: DERSerializable {
    static let sha256WithRSAEncryption: ASN1ObjectIdentifier = [1, 2, 840, 113_549, 1, 1, 11]
    static let ecdsaWithSHA256: ASN1ObjectIdentifier = [1, 2, 840, 10045, 4, 3, 2]

    var isRSA: Bool

    init(keyType: TestKeyType) {
        self.isRSA = keyType.isRSA
    }

    func serialize(into coder: inout DER.Serializer) throws {
        try coder.appendConstructedNode(identifier: .sequence) { coder in
            if self.isRSA {
                try coder.serialize(Self.sha256WithRSAEncryption)
                try coder.serialize(ASN1Null())
            } else {
                try coder.serialize(Self.ecdsaWithSHA256)
            }
        }
    }
}
