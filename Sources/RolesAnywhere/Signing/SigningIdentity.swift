import X509

/// What a ``SigningBackend`` yields for one credential fetch: the leaf certificate, the
/// optional intermediates, the key algorithm, and a way to sign with the key.
///
/// The signature comes back in wire form: PKCS#1 v1.5 bytes for RSA, DER `SEQUENCE { r, s }`
/// for ECDSA.
public struct SigningIdentity: Sendable {
    /// The leaf certificate sent as `X-Amz-X509`.
    public let certificate: Certificate
    /// Intermediate certificates sent as `X-Amz-X509-Chain`, leaf excluded.
    public let intermediates: [Certificate]
    /// The key's algorithm.
    public let keyAlgorithm: KeyAlgorithm
    private let signer: @Sendable ([UInt8], SignatureDigest) async throws -> [UInt8]

    /// Creates an identity from its parts and a signing function.
    public init(
        certificate: Certificate,
        intermediates: [Certificate],
        keyAlgorithm: KeyAlgorithm,
        signer: @escaping @Sendable (_ message: [UInt8], _ digest: SignatureDigest) async throws -> [UInt8]
    ) {
        self.certificate = certificate
        self.intermediates = intermediates
        self.keyAlgorithm = keyAlgorithm
        self.signer = signer
    }

    /// Signs a message (hashing it with `digest` first) and returns the signature in wire form.
    public func sign(_ message: [UInt8], digest: SignatureDigest = .sha256) async throws -> [UInt8] {
        try await signer(message, digest)
    }
}
