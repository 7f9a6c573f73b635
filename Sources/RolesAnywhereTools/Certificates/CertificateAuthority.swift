import RolesAnywhere
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import X509

/// An issuing CA read from a ``CertificateAuthorityFolder``: `ca.pem` and its key `ca.key`.
public struct CertificateAuthority: Sendable {
    /// The CA certificate.
    public let certificate: Certificate
    /// The folder the CA was read from.
    public let folder: CertificateAuthorityFolder
    let key: FileSigningKey

    /// Reads the CA and proves the key belongs to the certificate.
    /// - Parameter passwordSource: the password of an encrypted `ca.key`.
    /// - Throws: `unreadableFile`, `invalidCertificate`, `invalidPrivateKey`, `keyMismatch`,
    ///   or `invalidArgument` when `ca.pem` is not a CA certificate.
    public init(folder: CertificateAuthorityFolder, passwordSource: KeyPasswordSource = .prompt) throws(RolesAnywhereError) {
        let certificatePath = folder.path(CertificateAuthorityFolder.certificateFile)
        let keyPath = folder.path(CertificateAuthorityFolder.keyFile)
        let certificate = try CertificateFile.leaf(
            in: FileReader.read(certificatePath, role: "CA certificate (--ca-dir)"), path: certificatePath)
        guard let constraints = try? certificate.extensions.basicConstraints, case .isCertificateAuthority = constraints else {
            throw RolesAnywhereError(
                .invalidCertificate, "'\(certificatePath)' is not a CA certificate (no basicConstraints CA:TRUE): make a CA with `roles-anywhere cert ca create`")
        }
        let reader = PrivateKeyFile(path: keyPath, passwords: PasswordCache().source(passwordSource))
        let key = try reader.key(from: FileReader.read(keyPath, role: "CA key (--ca-dir)"))
        try IdentityCheck.requireMatch(publicKey: key.publicKey, certificate: certificate, keySource: "'\(keyPath)'")
        self.certificate = certificate
        self.folder = folder
        self.key = key
    }

    /// The key identifier the CA's certificate declares, else the hash of its key.
    var keyIdentifier: ArraySlice<UInt8> {
        if let declared = try? certificate.extensions.subjectKeyIdentifier { return declared.keyIdentifier }
        return CertificateAuthorityMaker.keyIdentifier(of: certificate.publicKey)
    }
}
