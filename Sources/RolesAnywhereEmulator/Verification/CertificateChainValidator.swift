import Foundation
import X509

/// Checks a client certificate the way IAM Roles Anywhere does: X.509 v3, a signing key
/// usage, inside its validity window, a chain of at most five certificates up to one of the
/// trust anchor's CAs (RFC 5280 path validation by swift-certificates), and no revoked serial.
struct CertificateChainValidator: Sendable {
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
        if let usage = try? leaf.extensions.keyUsage, !usage.digitalSignature {
            return .accessDenied(
                "Untrusted certificate. Insufficient certificate", reason: "the certificate's key usage lacks digitalSignature")
        }
        if let constraints = try? leaf.extensions.basicConstraints, case .isCertificateAuthority = constraints {
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
            ValidatedChainCache.key(anchorID: trustAnchor.arn, leaf: leaf, intermediates: intermediates)
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
            for certificate in chain.dropLast() {
                if let list = trustAnchor.revocationLists.first(where: { $0.revokes(certificate) }) {
                    return .untrustedCertificate(
                        "the certificate \(certificate.subject) with serial \(DecimalSerial.string(certificate.serialNumber.bytes)) is revoked by the CRL of \(list.issuer)")
                }
            }
            if let cacheKey { validatedChains?.insert(cacheKey, now: now) }
            return nil
        }
    }
}
