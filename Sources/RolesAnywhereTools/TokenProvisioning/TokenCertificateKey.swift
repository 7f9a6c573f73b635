import RolesAnywhere
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PKCS11
import SwiftASN1
import X509

/// A private key in a token as swift-certificates' custom private key, so certificate and
/// CSR builders sign with it through the PKCS#11 layer: one `C_Sign` per signature.
struct TokenCertificateKey: CustomPrivateKey {
    let session: Session
    let handle: ObjectHandle
    let publicKey: Certificate.PublicKey
    let algorithm: KeyAlgorithm
    /// The mechanisms the token offers (`CKM_SHA256_RSA_PKCS` is used when present).
    let mechanisms: Set<MechanismType>
    /// The PIN for keys that ask for one on every signature (`CKA_ALWAYS_AUTHENTICATE`).
    let contextSpecificPIN: (@Sendable () throws -> PIN)?

    var defaultSignatureAlgorithm: Certificate.SignatureAlgorithm { algorithm.certificateSignatureAlgorithm }

    var supportedSignatureAlgorithms: [Certificate.SignatureAlgorithm] {
        switch algorithm {
        case .rsa: [.sha256WithRSAEncryption, .sha384WithRSAEncryption, .sha512WithRSAEncryption]
        case .ecdsaP256, .ecdsaP384: [.ecdsaWithSHA256, .ecdsaWithSHA384, .ecdsaWithSHA512]
        }
    }

    func signSynchronously(bytes: some DataProtocol, signatureAlgorithm: Certificate.SignatureAlgorithm) throws -> Certificate.Signature {
        guard supportedSignatureAlgorithms.contains(signatureAlgorithm), let digest = Self.digest(of: signatureAlgorithm) else {
            throw RolesAnywhereError(.internalFailure, "an \(algorithm) token key cannot sign with \(signatureAlgorithm)")
        }
        let scheme = TokenSignatureScheme(algorithm: algorithm, digest: digest, message: Array(bytes), mechanisms: mechanisms)
        let output = try session.sign(
            mechanism: scheme.mechanism, key: handle, data: scheme.input, signatureLength: scheme.signatureLength,
            contextSpecificPIN: contextSpecificPIN)
        let wire = try scheme.wireForm(output)
        return try Certificate.Signature(signatureAlgorithm: signatureAlgorithm, signatureBytes: ASN1BitString(bytes: wire[...]))
    }

    private static func digest(of algorithm: Certificate.SignatureAlgorithm) -> SignatureDigest? {
        switch algorithm {
        case .sha256WithRSAEncryption, .ecdsaWithSHA256: .sha256
        case .sha384WithRSAEncryption, .ecdsaWithSHA384: .sha384
        case .sha512WithRSAEncryption, .ecdsaWithSHA512: .sha512
        default: nil
        }
    }

    static func == (lhs: TokenCertificateKey, rhs: TokenCertificateKey) -> Bool {
        lhs.session === rhs.session && lhs.handle == rhs.handle
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(ObjectIdentifier(session))
        hasher.combine(handle)
    }

    // A token key never leaves the token, so it has no encoding.
    static let defaultPEMDiscriminator = "PRIVATE KEY"

    func serializeAsPEM(discriminator: String) throws -> PEMDocument {
        throw RolesAnywhereError(.invalidArgument, "a private key in a token cannot be exported")
    }

    func serialize(into coder: inout DER.Serializer) throws {
        throw RolesAnywhereError(.invalidArgument, "a private key in a token cannot be exported")
    }
}
