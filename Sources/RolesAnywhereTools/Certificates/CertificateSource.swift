import RolesAnywhere
import X509

/// Reads a leaf certificate from where the command line names it: a file (PEM, DER, combined
/// PEM, PKCS#12) or a `pkcs11:` URI on a token (read without a login).
public enum CertificateSource {
    /// The leaf certificate `source` names.
    /// - Parameters:
    ///   - modulePath: the PKCS#11 module for a URI (nil: the URI's, else p11-kit's proxy).
    ///   - passwordSource: the password of a PKCS#12 bundle.
    public static func leaf(
        _ source: String, modulePath: String? = nil, passwordSource: KeyPasswordSource = .prompt
    ) async throws -> Certificate {
        if PKCS11BackendConfiguration.isTokenURI(source) {
            let backend = PKCS11Backend(PKCS11BackendConfiguration(certificate: source, modulePath: modulePath))
            return try await backend.loadCertificates().certificate
        }
        return try FileKeyBackend(certificatePath: source, privateKeyPath: nil, passwordSource: passwordSource)
            .loadCertificates().certificate
    }
}
