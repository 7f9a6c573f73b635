import SwiftASN1

/// Writes elliptic-curve private keys in SEC1 form (RFC 5915), which swift-crypto reads
/// but does not write.
///
/// ```
/// ECPrivateKey ::= SEQUENCE {
///   version        INTEGER { ecPrivkeyVer1(1) },
///   privateKey     OCTET STRING,
///   parameters [0] ECParameters {{ NamedCurve }} OPTIONAL,
///   publicKey  [1] BIT STRING OPTIONAL }
/// ```
enum SEC1Encoding {
    /// The named-curve identifier of NIST P-256 (prime256v1).
    static let p256: ASN1ObjectIdentifier = [1, 2, 840, 10045, 3, 1, 7]
    /// The named-curve identifier of NIST P-384 (secp384r1).
    static let p384: ASN1ObjectIdentifier = [1, 3, 132, 0, 34]

    /// Returns the `EC PRIVATE KEY` PEM of a key, newline-terminated.
    ///
    /// - Parameters:
    ///   - privateKey: The raw private scalar.
    ///   - publicKey: The uncompressed (X9.63) public point.
    ///   - curve: The named curve's object identifier.
    static func pem(privateKey: [UInt8], publicKey: [UInt8], curve: ASN1ObjectIdentifier) throws -> String {
        var serializer = DER.Serializer()
        try serializer.appendConstructedNode(identifier: .sequence) { coder in
            try coder.serialize(1)
            try coder.serialize(ASN1OctetString(contentBytes: privateKey[...]))
            try coder.serialize(curve, explicitlyTaggedWithTagNumber: 0, tagClass: .contextSpecific)
            try coder.serialize(
                ASN1BitString(bytes: publicKey[...]),
                explicitlyTaggedWithTagNumber: 1,
                tagClass: .contextSpecific
            )
        }
        return PEMDocument(type: "EC PRIVATE KEY", derBytes: serializer.serializedBytes).pemString + "\n"
    }
}
