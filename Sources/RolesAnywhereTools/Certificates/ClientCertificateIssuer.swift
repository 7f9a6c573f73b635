import RolesAnywhere
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SwiftASN1
import X509

/// Issues client certificates for IAM Roles Anywhere from certificate signing requests.
///
/// A certificate is X.509 v3 with a random 159-bit serial, the CSR's subject and key,
/// critical `basicConstraints` (`CA:FALSE`), critical `keyUsage` (`digitalSignature`),
/// `extendedKeyUsage` `clientAuth`, and subject and authority key identifiers.
public struct ClientCertificateIssuer: Sendable {
    /// The issuing CA.
    public let authority: CertificateAuthority

    /// Creates an issuer for a CA.
    public init(authority: CertificateAuthority) {
        self.authority = authority
    }

    /// Issues a certificate for a request whose signature was checked.
    /// - Parameters:
    ///   - days: the validity, from a few minutes before `now`.
    ///   - now: the time of issue (a test seam; the current time by default).
    /// - Throws: `invalidPrivateKey` for a key Roles Anywhere refuses, `invalidArgument` for
    ///   a `days` value outside the CA's own validity, `certificateExpired` for a CA outside its validity window.
    public func issue(_ request: CertificateSigningRequest, days: Int, now: Date = Date()) throws(RolesAnywhereError) -> Certificate {
        let ca = authority.certificate
        guard ca.notValidBefore <= now, now <= ca.notValidAfter else {
            throw RolesAnywhereError(
                .certificateExpired,
                "the CA \(ca.subject) is valid from \(ISO8601Timestamp.string(from: ca.notValidBefore)) to \(ISO8601Timestamp.string(from: ca.notValidAfter)), not at the time of issue \(ISO8601Timestamp.string(from: now)): renew the CA")
        }
        _ = try KeyAlgorithm.of(request.publicKey, owner: "the certificate signing request")
        let period = try ValidityPeriod(days: days, from: now)
        guard period.notAfter <= ca.notValidAfter else {
            throw RolesAnywhereError(
                .invalidArgument,
                "the CA \(ca.subject) expires on \(ISO8601Timestamp.string(from: ca.notValidAfter)), before the \(days) days asked: lower --days or renew the CA")
        }
        do {
            let extensions = try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([.clientAuth])
                SubjectKeyIdentifier(keyIdentifier: CertificateAuthorityMaker.keyIdentifier(of: request.publicKey))
                AuthorityKeyIdentifier(keyIdentifier: authority.keyIdentifier)
            }
            return try Certificate(
                version: .v3, serialNumber: CertificateSerial.random159Bit(), publicKey: request.publicKey,
                notValidBefore: max(period.notBefore, ca.notValidBefore), notValidAfter: period.notAfter,
                issuer: ca.subject, subject: request.subject,
                signatureAlgorithm: authority.key.algorithm.certificateSignatureAlgorithm, extensions: extensions,
                issuerPrivateKey: authority.key.certificatePrivateKey)
        } catch {
            throw RolesAnywhereError(.internalFailure, "cannot sign the certificate for \(request.subject): \(error)")
        }
    }

    /// The certificate as PEM text.
    public static func pem(_ certificate: Certificate) throws(RolesAnywhereError) -> String {
        try CertificateAuthorityMaker.pem(certificate)
    }
}
