import Foundation
import X509

/// Checks a client certificate the way IAM Roles Anywhere does: X.509 v3, a signing key
/// usage, inside its validity window, a chain of at most five certificates up to one of the
/// trust anchor's CAs (RFC 5280 path validation by swift-certificates), and no revoked serial.
struct CertificateChainValidator: Sendable {
    /// Whether a signature algorithm uses SHA-1 or MD5.
    static func isWeak(_ algorithm: Certificate.SignatureAlgorithm) -> Bool {
        let name = String(describing: algorithm).lowercased()
        return name.contains("sha1") || name.contains("md5")
    }

    /// The most certificates a chain may have, leaf included.
    static let maximumChainLength = 5

    let trustAnchor: TrustAnchor
    /// Chains validated recently under this emulator's (unchanging) trust anchors, or nil.
    var validatedChains: ValidatedChainCache? = nil

    /// Validates the leaf and intermediates at `now`; the error is `Untrusted signing certificate`
    /// with a precise reason.
    func validate(leaf: Certificate, intermediates: [Certificate], now: Date) async -> ServiceError? {
        guard leaf.version == .v3 else {
            return .accessDenied("Untrusted certificate. Insufficient certificate", reason: "the certificate is \(leaf.version), not X509v3")
        }
        // A leaf needs keyUsage with digitalSignature and must not be a CA; an extension that
        // does not decode is a refusal, never a pass.
        let usage: KeyUsage?
        let constraints: BasicConstraints?
        do {
            usage = try leaf.extensions.keyUsage
            constraints = try leaf.extensions.basicConstraints
        } catch {
            return .accessDenied("Untrusted certificate. Insufficient certificate", reason: "an extension of the certificate does not decode: \(error)")
        }
        guard let usage, usage.digitalSignature else {
            return .accessDenied(
                "Untrusted certificate. Insufficient certificate",
                reason: usage == nil ? "the certificate has no key usage (digitalSignature is required)" : "the certificate's key usage lacks digitalSignature")
        }
        if case .isCertificateAuthority? = constraints {
            return .accessDenied("Untrusted certificate. Insufficient certificate", reason: "the certificate is a CA certificate")
        }
        if now > leaf.notValidAfter {
            return .untrustedCertificate("the certificate expired at \(leaf.notValidAfter)")
        }
        if now < leaf.notValidBefore {
            return .untrustedCertificate("the certificate is not valid before \(leaf.notValidBefore)")
        }
        guard intermediates.count + 1 <= Self.maximumChainLength else {
            return .untrustedCertificate(
                "the chain has \(intermediates.count + 1) certificates; at most \(Self.maximumChainLength) are accepted")
        }
        let cacheKey = validatedChains.flatMap { _ in
            ValidatedChainCache.key(anchorID: trustAnchor.cacheID, leaf: leaf, intermediates: intermediates)
        }
        if let cacheKey, validatedChains?.contains(cacheKey, now: now) == true { return nil }
        var verifier = Verifier(rootCertificates: CertificateStore(trustAnchor.certificateAuthorities)) {
            RFC5280Policy(fixedValidationTime: now)
        }
        let result = await verifier.validate(leaf: leaf, intermediates: CertificateStore(intermediates))
        switch result {
        case .couldNotValidate(let failures):
            let detail = failures.first.map { String(describing: $0.policyFailureReason).prefix(200) } ?? "no path to a trust anchor CA"
            return .untrustedCertificate("no valid chain to a CA of the trust anchor: \(detail)")
        case .validCertificate(let chain):
            // Weak digests are refused everywhere but the anchor's own self-signature.
            for certificate in chain.dropLast() where Self.isWeak(certificate.signatureAlgorithm) {
                return .untrustedCertificate(
                    "the certificate \(certificate.subject) is signed with \(certificate.signatureAlgorithm): SHA-1 and MD5 are refused")
            }
            // An issuer whose key usage is given must allow keyCertSign.
            for issuer in chain.dropFirst() {
                guard let usage = try? issuer.extensions.keyUsage else {
                    if (try? issuer.extensions.keyUsage) == nil, issuer.extensions.first(where: { $0.oid == .X509ExtensionID.keyUsage }) != nil {
                        return .untrustedCertificate("the key usage of the issuer \(issuer.subject) does not decode")
                    }
                    continue
                }
                if !usage.keyCertSign {
                    return .untrustedCertificate("the issuer \(issuer.subject) has a key usage without keyCertSign")
                }
            }
            // Imported CRLs, of the anchor's CA or of an intermediate: a CRL counts only when the
            // certificate's issuer in this chain signed it.
            let certificates = Array(chain)
            for (index, certificate) in certificates.dropLast().enumerated() {
                let issuer = certificates[index + 1]
                if let list = trustAnchor.revocationLists.first(where: { $0.revokes(certificate) && $0.isSigned(by: issuer) }) {
                    return .untrustedCertificate(
                        "the certificate \(certificate.subject) with serial \(DecimalSerial.string(certificate.serialNumber.bytes)) is revoked by the CRL of \(list.issuer)")
                }
            }
            if let cacheKey { validatedChains?.insert(cacheKey, now: now) }
            return nil
        }
    }
}
