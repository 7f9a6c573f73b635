import Crypto
import PKCS11

/// How one signature is made on the token: the mechanism, the bytes handed to `C_Sign`, and
/// how the token's output becomes SigV4-X509 wire form.
///
/// - RSA: `CKM_SHAxxx_RSA_PKCS` over the message when the token lists it, else `CKM_RSA_PKCS`
///   over `DigestInfo(hash(message))`; the output is already PKCS#1 v1.5 wire form.
/// - EC: `CKM_ECDSA` over the digest; the raw `r || s` becomes DER with swift-crypto.
package struct TokenSignatureScheme {
    package let mechanism: Mechanism
    package let input: [UInt8]
    /// The signature size, so `C_Sign` needs no length query.
    package let signatureLength: Int
    package let algorithm: KeyAlgorithm

    /// - Parameter mechanisms: what the token offers (`C_GetMechanismList`).
    package init(algorithm: KeyAlgorithm, digest: SignatureDigest, message: [UInt8], mechanisms: Set<MechanismType>) {
        self.algorithm = algorithm
        switch algorithm {
        case .rsa(let bits):
            signatureLength = (bits + 7) / 8
            let hashed: MechanismType = switch digest {
            case .sha256: .sha256RSAPKCS
            case .sha384: .sha384RSAPKCS
            case .sha512: .sha512RSAPKCS
            }
            if mechanisms.contains(hashed) {
                mechanism = Mechanism(hashed)
                input = message
            } else {
                mechanism = .rsaPKCS
                input = DigestInfoPrefix.prefix(for: digest) + Self.hash(message, digest)
            }
        case .ecdsaP256, .ecdsaP384:
            signatureLength = algorithm == .ecdsaP256 ? 64 : 96
            mechanism = .ecdsa
            input = Self.hash(message, digest)
        }
    }

    /// Converts the token's output into wire form (DER `SEQUENCE { r, s }` for ECDSA).
    package func wireForm(_ output: [UInt8]) throws(RolesAnywhereError) -> [UInt8] {
        guard output.count == signatureLength else {
            throw RolesAnywhereError(
                .tokenFailure,
                "the token returned a \(output.count)-byte \(mechanism.type) signature, not the \(signatureLength) bytes a \(algorithm) key makes")
        }
        switch algorithm {
        case .rsa:
            return output
        case .ecdsaP256:
            guard let signature = try? P256.Signing.ECDSASignature(rawRepresentation: output) else { break }
            return Array(signature.derRepresentation)
        case .ecdsaP384:
            guard let signature = try? P384.Signing.ECDSASignature(rawRepresentation: output) else { break }
            return Array(signature.derRepresentation)
        }
        throw RolesAnywhereError(.tokenFailure, "the token returned a malformed \(mechanism.type) signature")
    }

    package static func hash(_ message: [UInt8], _ digest: SignatureDigest) -> [UInt8] {
        switch digest {
        case .sha256: Array(SHA256.hash(data: message))
        case .sha384: Array(SHA384.hash(data: message))
        case .sha512: Array(SHA512.hash(data: message))
        }
    }
}
