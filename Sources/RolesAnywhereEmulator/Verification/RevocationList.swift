import Foundation
import SwiftASN1
import X509

/// A certificate revocation list (RFC 5280 section 5): its issuer and revoked serials,
/// accepted only when its signature verifies with the issuing CA's key.
///
/// swift-certificates has no CRL type; the DER structure is walked here with swift-asn1
/// and the signature is checked with swift-certificates' public-key API, so no
/// cryptography is hand-written.
public struct RevocationList: Sendable, Hashable {
    /// The CRL issuer's name.
    public let issuer: DistinguishedName
    /// Serial numbers (big-endian bytes, no leading zeros) of revoked certificates.
    public let revokedSerials: Set<[UInt8]>
    /// What the signature covers, the signature and its algorithm: checked against the issuer
    /// once a chain names it (a CRL of an intermediate CA is imported before any chain is seen).
    private let signedBytes: ArraySlice<UInt8>
    private let signature: [UInt8]
    private let algorithm: Certificate.SignatureAlgorithm

    /// Parses a PEM (`X509 CRL`) or DER CRL and checks its signature against candidate issuers.
    /// - Throws: `RevocationList.Failure` naming what is wrong.
    public init(encoded bytes: [UInt8], issuers: [Certificate]) throws {
        try self.init(encoded: bytes)
        guard let issuer = issuers.first(where: { $0.subject == self.issuer }) else {
            throw Failure("no trust anchor CA is named \(self.issuer), the CRL's issuer")
        }
        guard isSigned(by: issuer) else {
            throw Failure("the CRL's signature does not verify with the key of \(self.issuer)")
        }
    }

    /// Parses a PEM (`X509 CRL`) or DER CRL without checking its signature yet (see ``isSigned(by:)``).
    public init(encoded bytes: [UInt8]) throws {
        let der: [UInt8]
        if let text = String(validating: bytes, as: UTF8.self), text.contains("-----BEGIN X509 CRL-----") {
            der = Array(try PEMDocument(pemString: text).derBytes)
        } else {
            der = bytes
        }
        let root = try DER.parse(der)
        guard case .constructed(let top) = root.content else { throw Failure("the CRL is not a DER SEQUENCE") }
        var parts = top.makeIterator()
        guard let tbs = parts.next(), let algorithmNode = parts.next(), let signatureNode = parts.next() else {
            throw Failure("the CRL lacks its signature")
        }
        let signature = try ASN1BitString(derEncoded: signatureNode)
        let algorithm = try Self.signatureAlgorithm(algorithmNode)
        let parsed = try Self.parseTBS(tbs)
        self.issuer = parsed.issuer
        self.revokedSerials = parsed.serials
        self.signedBytes = tbs.encodedBytes
        self.signature = Array(signature.bytes)
        self.algorithm = algorithm
    }

    /// Two lists are the same when they name the same issuer and the same serials.
    public static func == (left: RevocationList, right: RevocationList) -> Bool {
        left.issuer == right.issuer && left.revokedSerials == right.revokedSerials
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(issuer)
        hasher.combine(revokedSerials)
    }

    /// Whether `issuer` names this CRL's issuer and its key made the CRL's signature.
    public func isSigned(by issuer: Certificate) -> Bool {
        issuer.subject == self.issuer
            && issuer.publicKey.isValidSignature(signature, for: signedBytes, signatureAlgorithm: algorithm)
    }

    /// Whether a certificate issued by this CRL's issuer is revoked.
    public func revokes(_ certificate: Certificate) -> Bool {
        certificate.issuer == issuer && revokedSerials.contains(Self.normalized(certificate.serialNumber.bytes))
    }

    /// Why a CRL was not accepted.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }

    private static func parseTBS(_ node: ASN1Node) throws -> (issuer: DistinguishedName, serials: Set<[UInt8]>) {
        guard case .constructed(let children) = node.content else { throw Failure("the CRL's TBSCertList is malformed") }
        var fields = Array(children)
        if fields.first?.identifier == .integer { fields.removeFirst() }  // version
        guard fields.count >= 3 else { throw Failure("the CRL's TBSCertList is too short") }
        let issuer = try DistinguishedName(derEncoded: fields[1])
        var serials = Set<[UInt8]>()
        // fields[2] is thisUpdate; then optional nextUpdate (a time), then optional revokedCertificates.
        for field in fields.dropFirst(3) where field.identifier == .sequence {
            guard case .constructed(let entries) = field.content else { continue }
            for entry in entries {
                guard case .constructed(let entryFields) = entry.content, let serialNode = entryFields.first(where: { _ in true })
                else { continue }
                let serial = try ArraySlice<UInt8>(derEncoded: serialNode)
                serials.insert(normalized(serial))
            }
        }
        return (issuer, serials)
    }

    private static func signatureAlgorithm(_ node: ASN1Node) throws -> Certificate.SignatureAlgorithm {
        guard case .constructed(let children) = node.content, let oidNode = children.first(where: { _ in true }) else {
            throw Failure("the CRL's signature algorithm is malformed")
        }
        let oid = try ASN1ObjectIdentifier(derEncoded: oidNode)
        let known: [ASN1ObjectIdentifier: Certificate.SignatureAlgorithm] = [
            [1, 2, 840, 113_549, 1, 1, 11]: .sha256WithRSAEncryption,
            [1, 2, 840, 113_549, 1, 1, 12]: .sha384WithRSAEncryption,
            [1, 2, 840, 113_549, 1, 1, 13]: .sha512WithRSAEncryption,
            [1, 2, 840, 10045, 4, 3, 2]: .ecdsaWithSHA256,
            [1, 2, 840, 10045, 4, 3, 3]: .ecdsaWithSHA384,
            [1, 2, 840, 10045, 4, 3, 4]: .ecdsaWithSHA512,
        ]
        guard let algorithm = known[oid] else { throw Failure("the CRL's signature algorithm \(oid) is not supported") }
        return algorithm
    }

    private static func normalized<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> [UInt8] {
        let trimmed = Array(bytes.drop(while: { $0 == 0 }))
        return trimmed.isEmpty ? [0] : trimmed
    }
}
