import RolesAnywhere
import PKCS11
import X509

extension DoctorRun {
    /// A signing identity over a token key the doctor found and proved: one `C_Sign` per
    /// signature in the session already logged in.
    func tokenIdentity(_ key: TokenObjectLocator.FoundKey, certificate: Certificate, algorithm: KeyAlgorithm) -> SigningIdentity {
        let session = key.session
        let handle = key.handle
        let mechanisms = Set((try? session.slot.mechanisms()) ?? [])
        let alwaysAuthenticate = (try? session.bool(.alwaysAuthenticate, of: handle)) == true
        let reused = configuration.reusePIN ? userPIN : nil
        let subject = "key '\(key.uri)' on token '\(key.tokenLabel)' (asked for every signature)"
        var contextPIN: (@Sendable () throws -> PIN)?
        if alwaysAuthenticate {
            contextPIN = { @Sendable () throws -> PIN in
                if let reused { return reused }
                return try PINSupply(origin: .source(.prompt)).read(for: subject, status: .normal)
            }
        }
        let signingPIN = contextPIN
        return SigningIdentity(
            certificate: certificate, intermediates: intermediates, keyAlgorithm: algorithm,
            signer: { message, digest in
                let scheme = TokenSignatureScheme(algorithm: algorithm, digest: digest, message: message, mechanisms: mechanisms)
                let output = try session.sign(
                    mechanism: scheme.mechanism, key: handle, data: scheme.input, signatureLength: scheme.signatureLength,
                    contextSpecificPIN: signingPIN)
                return try scheme.wireForm(output)
            })
    }
}
