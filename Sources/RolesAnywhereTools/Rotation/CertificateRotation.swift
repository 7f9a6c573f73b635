#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import RolesAnywhere
import X509

/// What `rotate` decides and reports, whatever holds the key.
public enum CertificateRotation {
    /// The result of a run.
    public enum Outcome: Sendable {
        /// A new pair is in place.
        case renewed(Certificate)
        /// Nothing to do yet.
        case notDue(daysLeft: Int)

        /// The one line `rotate` prints: `renewed: serial <decimal> valid until <ISO 8601>` or
        /// `not due: <N> days left`.
        public var line: String {
            switch self {
            case .renewed(let certificate):
                "renewed: serial \(DecimalSerialNumber.string(fromBigEndian: certificate.serialNumber.bytes)) valid until \(ISO8601Timestamp.string(from: certificate.notValidAfter))"
            case .notDue(let days): "not due: \(days) days left"
            }
        }
    }

    /// When to renew and for how long.
    public struct Policy: Sendable {
        /// Renew when fewer than this many days are left; nil for a third of the lifetime.
        public var renewBeforeDays: Double?
        /// The new certificate's lifetime in days; nil for the current one's.
        public var validityDays: Int?
        /// Renew even when not due.
        public var force: Bool

        public init(renewBeforeDays: Double? = nil, validityDays: Int? = nil, force: Bool = false) {
            self.renewBeforeDays = renewBeforeDays
            self.validityDays = validityDays
            self.force = force
        }

        /// Nil when `certificate` is due at `now`, else the whole days it has left.
        public func daysLeftWhenNotDue(_ certificate: Certificate, now: Date) -> Int? {
            let left = certificate.notValidAfter.timeIntervalSince(now) / 86_400
            let lifetime = certificate.notValidAfter.timeIntervalSince(certificate.notValidBefore) / 86_400
            let threshold = renewBeforeDays ?? lifetime / 3
            return force || left <= threshold ? nil : Int(left.rounded(.down))
        }

        /// The new certificate's lifetime in whole days (at least 1).
        public func days(replacing certificate: Certificate) -> Int {
            validityDays ?? max(1, Int((certificate.notValidAfter.timeIntervalSince(certificate.notValidBefore) / 86_400).rounded()))
        }
    }

    /// An issuer from a CA folder of `cert ca create`.
    public static func folderIssuer(
        _ folder: CertificateAuthorityFolder, password: KeyPasswordSource
    ) -> @Sendable (CertificateSigningRequest, Int) async throws -> Certificate {
        { request, days in
            let issuer = ClientCertificateIssuer(authority: try CertificateAuthority(folder: folder, passwordSource: password))
            return try issuer.issue(request, days: days)
        }
    }

    /// The key type of a certificate's key, for a new key of the same kind.
    public static func keyType(of certificate: Certificate) throws(RolesAnywhereError) -> CertificateKeyType {
        switch try KeyAlgorithm.of(certificate.publicKey, owner: "the current certificate") {
        case .rsa(let bits) where bits <= 2048: .rsa2048
        case .rsa: .rsa3072
        case .ecdsaP256: .ecP256
        default: .ecP384
        }
    }

    /// A PKCS #10 request for `subject`, signed by `key`.
    static func request(subject: DistinguishedName, key: Certificate.PrivateKey, algorithm: KeyAlgorithm) throws(RolesAnywhereError)
        -> CertificateSigningRequest
    {
        do {
            return try CertificateSigningRequest(
                version: .v1, subject: subject, privateKey: key, attributes: CertificateSigningRequest.Attributes(),
                signatureAlgorithm: algorithm.certificateSignatureAlgorithm)
        } catch {
            throw RolesAnywhereError(.internalFailure, "cannot sign the certificate signing request for \(subject): \(error)")
        }
    }
}
