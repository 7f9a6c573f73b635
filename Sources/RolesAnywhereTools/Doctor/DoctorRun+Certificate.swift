import RolesAnywhere
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
@_spi(FixedExpiryValidationTime) import X509

extension DoctorRun {
    static let renewHint = "make a new CSR (`roles-anywhere token csr`) and issue a certificate (`roles-anywhere cert issue`)"
    /// The same for a key in a file, where `token csr` does not apply.
    static let fileKeyRenewHint = "make a new CSR for the key (`openssl req -new -key KEY`) and issue a certificate (`roles-anywhere cert issue`)"

    /// How to get a new certificate for the configured key.
    var renewHint: String { configuration.usesToken ? Self.renewHint : Self.fileKeyRenewHint }

    /// Proves the key belongs to the certificate by comparing public values (no test signature).
    func checkKeyMatch() async {
        guard let certificate else { return skip(.keyMatch, needs: .certificate) }
        guard status(of: .key) == .ok else { return skip(.keyMatch, needs: .key) }
        guard let algorithm = certificateAlgorithm else {
            return record(.keyMatch, .skip, "the certificate's key type is not one Roles Anywhere accepts (see usage)")
        }
        do {
            if let tokenKeys {
                let proof = try KeyCertificateProof.choose(
                    among: tokenKeys, certificate: certificate, algorithm: algorithm, tokenCertificate: tokenCertificate)
                identity = tokenIdentity(proof.key, certificate: certificate, algorithm: algorithm)
                let how = proof.publicKeys.isEmpty ? "tied by CKA_ID" : "public keys match"
                return record(.keyMatch, .ok, "the key on token '\(proof.key.tokenLabel)' belongs to \(certificate.subject) (\(how), \(algorithm))")
            }
            if let fileKey {
                try IdentityCheck.requireMatch(publicKey: fileKey.publicKey, certificate: certificate, keySource: "'\(configuration.privateKey ?? configuration.certificate)'")
                identity = SigningIdentity(
                    certificate: certificate, intermediates: intermediates, keyAlgorithm: fileKey.algorithm,
                    signer: { message, digest in try fileKey.sign(message, digest: digest) })
                return record(.keyMatch, .ok, "the key belongs to \(certificate.subject) (public keys match, \(algorithm))")
            }
            if isPKCS12 {
                let loaded = try await makeFileBackend(at: certificate.notValidBefore).loadIdentity()
                identity = SigningIdentity(
                    certificate: loaded.certificate, intermediates: intermediates.isEmpty ? loaded.intermediates : intermediates,
                    keyAlgorithm: loaded.keyAlgorithm, signer: { message, digest in try await loaded.sign(message, digest: digest) })
                return record(.keyMatch, .ok, "the bundle's key belongs to \(certificate.subject) (\(algorithm))")
            }
            skip(.keyMatch, needs: .key)
        } catch {
            record(.keyMatch, .fail, Self.message(error), fix: "give the key the certificate was issued for, or \(renewHint) for this key")
        }
    }

    /// The subject of the last issuer reached from `leaf` by following issuer names through
    /// `intermediates`.
    static func topIssuer(of leaf: Certificate, intermediates: [Certificate]) -> DistinguishedName {
        var issuer = leaf.issuer
        var seen: Set<DistinguishedName> = [leaf.subject]
        while let next = intermediates.first(where: { $0.subject == issuer }), !seen.contains(next.subject) {
            seen.insert(next.subject)
            issuer = next.issuer
        }
        return issuer
    }

    /// The certificate is inside its validity window now.
    func checkValidity() {
        guard let certificate else { return skip(.validity, needs: .certificate) }
        let now = configuration.clock()
        let end = ISO8601Timestamp.string(from: certificate.notValidAfter)
        if now > certificate.notValidAfter {
            let days = Int(now.timeIntervalSince(certificate.notValidAfter) / 86_400)
            return record(.validity, .fail, "the certificate expired on \(end) (\(days) days ago)", fix: renewHint)
        }
        if now < certificate.notValidBefore {
            return record(
                .validity, .fail, "the certificate is not valid until \(ISO8601Timestamp.string(from: certificate.notValidBefore))",
                fix: "check this machine's clock and time zone (NTP), or wait until then")
        }
        let days = Int(certificate.notValidAfter.timeIntervalSince(now) / 86_400)
        let soon = days < 30 ? "; renew it soon (`roles-anywhere cert check-expiry` can watch it)" : ""
        record(.validity, .ok, "valid until \(end), \(days) days left\(soon)")
    }

    /// X.509 v3, digitalSignature key usage when the extension is present, not a CA, an accepted key.
    func checkUsage() {
        guard let certificate else { return skip(.usage, needs: .certificate) }
        var problems: [String] = []
        var facts: [String] = []
        if certificate.version == .v3 { facts.append("X.509 v3") } else { problems.append("it is \(certificate.version), not v3") }
        if let usage = try? certificate.extensions.keyUsage {
            if usage.digitalSignature { facts.append("keyUsage digitalSignature") } else { problems.append("its key usage lacks digitalSignature") }
        } else {
            facts.append("no keyUsage extension")
        }
        if let constraints = try? certificate.extensions.basicConstraints, case .isCertificateAuthority = constraints {
            problems.append("it is a CA certificate")
        } else {
            facts.append("not a CA")
        }
        do {
            facts.append("\(try IdentityCheck.keyAlgorithm(of: certificate)) key")
        } catch {
            problems.append("its key is not RSA (2048 bits or more), EC P-256 or EC P-384")
        }
        guard problems.isEmpty else {
            return record(
                .usage, .fail, "IAM Roles Anywhere refuses this certificate: \(problems.joined(separator: "; "))",
                fix: "issue a v3 client certificate with keyUsage digitalSignature (`roles-anywhere cert issue` does)")
        }
        record(.usage, .ok, facts.joined(separator: ", "))
    }

    /// RFC 5280 path validation from the leaf through the intermediates to `--trust-anchor-ca`,
    /// at a time inside the leaf's window (an expired leaf is the validity check's business).
    func checkChain() async {
        guard let path = configuration.trustAnchorCAPath else {
            return record(.chain, .skip, "no --trust-anchor-ca given")
        }
        guard let certificate else { return skip(.chain, needs: .certificate) }
        let authorities: [Certificate]
        do {
            let role: RolesAnywhereError.Wording = "trust anchor CA file (--trust-anchor-ca)"
            authorities = try CertificateFile.certificates(in: FileReader.read(path, role: role), path: path, role: role)
            guard !authorities.isEmpty else { throw RolesAnywhereError(.invalidCertificate, "'\(path)' holds no certificate") }
        } catch {
            return record(.chain, .fail, Self.message(error), fix: "give --trust-anchor-ca the PEM certificate of the trust anchor's CA")
        }
        let now = configuration.clock()
        let time = min(max(now, certificate.notValidBefore), certificate.notValidAfter)
        guard intermediates.count + 1 <= 5 else {
            return record(
                .chain, .fail, "the chain has \(intermediates.count + 1) certificates; IAM Roles Anywhere accepts at most 5",
                fix: "issue the certificate from a CA closer to the trust anchor")
        }
        var verifier = Verifier(rootCertificates: CertificateStore(authorities)) { RFC5280Policy(fixedExpiryValidationTime: time) }
        switch await verifier.validate(leaf: certificate, intermediates: CertificateStore(intermediates)) {
        case .validCertificate(let chain):
            let names = chain.map { "\($0.subject)" }.joined(separator: " <- ")
            record(.chain, .ok, names + (time == now ? "" : " (checked at \(ISO8601Timestamp.string(from: time)), inside the certificate's window)"))
        case .couldNotValidate(let failures):
            let top = Self.topIssuer(of: certificate, intermediates: intermediates)
            let anchors = authorities.map { "\($0.subject)" }.joined(separator: ", ")
            guard authorities.contains(where: { $0.subject == top }) else {
                return record(
                    .chain, .fail,
                    "\(certificate.subject) chains up to \(top), which is not a CA in '\(path)' (\(anchors))",
                    fix: "register the CA \(top) as the trust anchor, or issue the certificate from the trust anchor's CA (with its intermediates in --intermediates)")
            }
            let reason = failures.first.map { String(String(describing: $0.policyFailureReason).prefix(200)) } ?? "no valid path"
            record(
                .chain, .fail, "no valid chain from \(certificate.subject) to \(top) in '\(path)': \(reason)",
                fix: "check that the intermediates and the CA are valid now and are the ones that issued the certificate")
        }
    }
}
