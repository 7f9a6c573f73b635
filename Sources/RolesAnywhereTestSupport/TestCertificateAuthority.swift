import Foundation
import X509

/// A certificate authority that issues test certificates and CRLs in-process.
///
/// A root is self-signed; ``issueIntermediate(name:keyType:keyIndex:notBefore:notAfter:)``
/// makes a subordinate CA that remembers the path to its root, so leaves it issues know
/// their chain. CA certificates are v3 with critical `basicConstraints` (`CA:TRUE`),
/// critical `keyUsage` (`keyCertSign`, `cRLSign`) and a `subjectKeyIdentifier`;
/// intermediates also carry an `authorityKeyIdentifier`.
public struct TestCertificateAuthority: Sendable {
    /// The CA's common name.
    public let name: String
    /// The CA certificate.
    public let certificate: Certificate
    /// The CA certificate as PEM, newline-terminated.
    public let certificatePEM: String
    /// The CA's private key.
    public let key: TestKey
    /// The intermediate certificates from this CA up to, not including, the root, this CA
    /// first; empty for a root. A leaf this CA issues gets it as its chain.
    public let chain: [Certificate]
    /// The root certificate this CA descends from (its own certificate for a root): the
    /// trust anchor to verify against.
    public let rootCertificate: Certificate
    /// The subject key identifier of ``certificate``, copied into what this CA signs.
    let subjectKeyIdentifier: ArraySlice<UInt8>

    /// Creates a self-signed root CA.
    ///
    /// - Parameters:
    ///   - name: The subject (and issuer) common name.
    ///   - keyType: The kind of CA key.
    ///   - keyIndex: A ``TestKey/shared(_:index:)`` slot for the key. With `nil`,
    ///     elliptic-curve roots get a fresh key each, RSA roots the shared key at index 1
    ///     (RSA keys are slow to make): give two RSA roots that must differ distinct indexes.
    ///   - notBefore: The start of the validity window (default: a day ago).
    ///   - notAfter: The end of the validity window (default: in ten years).
    /// - Throws: When key generation or signing fails.
    public init(
        name: String = "Test Root CA",
        keyType: TestKeyType = .p256,
        keyIndex: Int? = nil,
        notBefore: Date = Date().addingTimeInterval(-86_400),
        notAfter: Date = Date().addingTimeInterval(10 * 365 * 86_400)
    ) throws {
        let key = try TestKey.forAuthority(keyType, index: keyIndex, defaultRSAIndex: 1)
        let subject = try DistinguishedName { CommonName(name) }
        let ski = SubjectKeyIdentifier(hash: key.publicKey).keyIdentifier
        let certificate = try Certificate(
            version: .v3,
            serialNumber: SerialNumberGenerator.random159Bit(),
            publicKey: key.publicKey,
            notValidBefore: notBefore,
            notValidAfter: notAfter,
            issuer: subject,
            subject: subject,
            extensions: try Self.authorityExtensions(subjectKeyIdentifier: ski, issuerKeyIdentifier: nil),
            issuerPrivateKey: key.certificatePrivateKey
        )
        try self.init(name: name, certificate: certificate, key: key, chain: [], root: certificate)
    }

    private init(name: String, certificate: Certificate, key: TestKey, chain: [Certificate], root: Certificate) throws {
        self.name = name
        self.certificate = certificate
        self.certificatePEM = try PEMText.certificate(certificate)
        self.key = key
        self.chain = chain
        self.rootCertificate = root
        self.subjectKeyIdentifier = SubjectKeyIdentifier(hash: certificate.publicKey).keyIdentifier
    }

    /// Issues a subordinate CA signed by this CA.
    ///
    /// - Parameters:
    ///   - name: The intermediate's common name.
    ///   - keyType: The kind of intermediate key.
    ///   - keyIndex: A ``TestKey/shared(_:index:)`` slot for the key. With `nil`,
    ///     elliptic-curve intermediates get a fresh key, RSA ones the shared key at index 2.
    ///   - notBefore: The start of the validity window (default: this CA's).
    ///   - notAfter: The end of the validity window (default: this CA's).
    /// - Throws: When key generation or signing fails.
    public func issueIntermediate(
        name: String = "Test Intermediate CA",
        keyType: TestKeyType = .p256,
        keyIndex: Int? = nil,
        notBefore: Date? = nil,
        notAfter: Date? = nil
    ) throws -> TestCertificateAuthority {
        let key = try TestKey.forAuthority(keyType, index: keyIndex, defaultRSAIndex: 2)
        let ski = SubjectKeyIdentifier(hash: key.publicKey).keyIdentifier
        let certificate = try self.sign(
            subject: try DistinguishedName { CommonName(name) },
            publicKey: key.publicKey,
            serial: SerialNumberGenerator.random159Bit(),
            notBefore: notBefore ?? self.certificate.notValidBefore,
            notAfter: notAfter ?? self.certificate.notValidAfter,
            version: .v3,
            extensions: try Self.authorityExtensions(
                subjectKeyIdentifier: ski,
                issuerKeyIdentifier: self.subjectKeyIdentifier
            )
        )
        return try TestCertificateAuthority(
            name: name,
            certificate: certificate,
            key: key,
            chain: [certificate] + self.chain,
            root: self.rootCertificate
        )
    }

    /// Signs a certificate with this CA's key, this CA's subject as issuer.
    func sign(
        subject: DistinguishedName,
        publicKey: Certificate.PublicKey,
        serial: Certificate.SerialNumber,
        notBefore: Date,
        notAfter: Date,
        version: Certificate.Version,
        extensions: Certificate.Extensions
    ) throws -> Certificate {
        try Certificate(
            version: version,
            serialNumber: serial,
            publicKey: publicKey,
            notValidBefore: notBefore,
            notValidAfter: notAfter,
            issuer: self.certificate.subject,
            subject: subject,
            extensions: extensions,
            issuerPrivateKey: self.key.certificatePrivateKey
        )
    }

    private static func authorityExtensions(
        subjectKeyIdentifier: ArraySlice<UInt8>,
        issuerKeyIdentifier: ArraySlice<UInt8>?
    ) throws -> Certificate.Extensions {
        var extensions = try Certificate.Extensions {
            Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
            Critical(KeyUsage(keyCertSign: true, cRLSign: true))
            SubjectKeyIdentifier(keyIdentifier: subjectKeyIdentifier)
        }
        if let issuerKeyIdentifier {
            try extensions.append(Certificate.Extension(AuthorityKeyIdentifier(keyIdentifier: issuerKeyIdentifier), critical: false))
        }
        return extensions
    }
}
