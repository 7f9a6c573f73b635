import X509

/// An end-entity certificate with its key and the intermediates that lead to its root.
public struct TestLeaf: Sendable {
    /// The leaf certificate.
    public let certificate: Certificate
    /// The leaf's private key.
    public let key: TestKey
    /// The leaf certificate as PEM, newline-terminated.
    public let certificatePEM: String
    /// The intermediate CA certificates between the leaf and the root, issuer first;
    /// empty when a root issued the leaf. Neither the leaf nor the root is included.
    public let chain: [Certificate]
    /// ``chain`` as concatenated PEM blocks (empty string when there is none): what
    /// `--intermediates` style options and the `X-Amz-X509-Chain` header carry.
    public let chainPEM: String

    init(certificate: Certificate, key: TestKey, chain: [Certificate]) throws {
        self.certificate = certificate
        self.key = key
        self.certificatePEM = try PEMText.certificate(certificate)
        self.chain = chain
        self.chainPEM = try chain.map(PEMText.certificate).joined()
    }
}
