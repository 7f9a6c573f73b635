#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import X509
#if canImport(Glibc)
import Glibc
#endif

/// Signs with a private key read from a file: PEM PKCS#1, SEC1, PKCS#8, encrypted PKCS#8,
/// a combined PEM holding certificate and key, or a PKCS#12 bundle.
///
/// The files are read again on every ``loadIdentity()``, so a rotated certificate or key is
/// picked up by long-running commands without a restart.
public struct FileKeyBackend: SigningBackend {
    /// The certificate file (`--certificate`): PEM, DER, a combined PEM, or PKCS#12.
    public let certificatePath: String
    /// The key file (`--private-key`); nil when the certificate file also holds the key.
    public let privateKeyPath: String?
    /// An intermediates bundle (`--intermediates`).
    public let intermediatesPath: String?
    /// Where the password of an encrypted key or PKCS#12 bundle comes from.
    public let passwordSource: KeyPasswordSource
    private let clock: @Sendable () -> Date
    private let passwordCache = PasswordCache()

    /// Creates a backend over key files.
    /// - Parameter clock: the time used for the validity check (injected for tests).
    public init(
        certificatePath: String,
        privateKeyPath: String?,
        intermediatesPath: String? = nil,
        passwordSource: KeyPasswordSource = .prompt,
        clock: @escaping @Sendable () -> Date = Date.init
    ) {
        self.certificatePath = certificatePath
        self.privateKeyPath = privateKeyPath
        self.intermediatesPath = intermediatesPath
        self.passwordSource = passwordSource
        self.clock = clock
    }

    public func loadIdentity() async throws -> SigningIdentity {
        var material = try loadMaterial(needsKey: true)
        guard var key = material.key else {
            throw RolesAnywhereError(.internalFailure, "no key was loaded for '\(material.keySource)'")
        }
        if (try? IdentityCheck.requireMatch(publicKey: key.publicKey, certificate: material.certificate, keySource: "")) == nil,
            access(certificatePath + Self.rotationLockSuffix, F_OK) == 0 || access(certificatePath + Self.nextSuffix, F_OK) == 0,
            let replaced = try? await pairDuringRotation()
        {
            (material, key) = replaced
        }
        try IdentityCheck.requireMatch(
            publicKey: key.publicKey, certificate: material.certificate, keySource: "'\(material.keySource)'")
        try IdentityCheck.requireValid(material.certificate, at: clock())
        let signingKey = key
        return SigningIdentity(
            certificate: material.certificate,
            intermediates: material.intermediates,
            keyAlgorithm: signingKey.algorithm,
            signer: { message, digest in try signingKey.sign(message, digest: digest) })
    }

    /// The pair while `rotate` replaces it: the files read again (its two renames may have been
    /// between our two reads), or the new certificate `<certificate>.next` that a rotation
    /// stopped between its renames left beside the new key. Nil when neither matches.
    private func pairDuringRotation() async throws -> (Material, FileSigningKey)? {
        // A rotation holds its lock until both files are in place: wait for it, then read again.
        let lockPath = certificatePath + Self.rotationLockSuffix
        let lock = access(lockPath, F_OK) == 0 ? try? FileLock(path: lockPath, timeout: .seconds(30)) : nil
        defer { lock?.release() }
        for certificate in [certificatePath, certificatePath + Self.nextSuffix] {
            let backend = FileKeyBackend(
                certificatePath: certificate, privateKeyPath: privateKeyPath, intermediatesPath: intermediatesPath,
                passwordSource: passwordSource)
            guard backend.keyMatchesCertificate(), let material = try? backend.loadMaterial(needsKey: true), let key = material.key
            else { continue }
            return (material, key)
        }
        return nil
    }

    /// Whether the key file opens and belongs to the certificate (no validity check).
    public func keyMatchesCertificate() -> Bool {
        guard let material = try? loadMaterial(needsKey: true), let key = material.key else { return false }
        return (try? IdentityCheck.requireMatch(publicKey: key.publicKey, certificate: material.certificate, keySource: "")) != nil
    }

    /// The suffix of the lock file `rotate` holds beside the certificate while it works.
    public static let rotationLockSuffix = ".rotate.lock"

    /// The suffix of the files `rotate` writes before it switches them in.
    public static let nextSuffix = ".next"

    /// Reads the leaf certificate and intermediates without checking the key or the validity
    /// window (for inspection commands such as `read-certificate-data`).
    public func loadCertificates() throws -> (certificate: Certificate, intermediates: [Certificate]) {
        let material = try loadMaterial(needsKey: false)
        return (material.certificate, material.intermediates)
    }

    private struct Material {
        var certificate: Certificate
        var intermediates: [Certificate]
        var key: FileSigningKey?
        var keySource: String
    }

    private func loadMaterial(needsKey: Bool) throws(RolesAnywhereError) -> Material {
        let certificateBytes = try FileReader.read(certificatePath, role: "certificate file (\(setting: .certificate))")
        var material: Material
        if privateKeyPath == nil, PEMText(certificateBytes) == nil, (try? Certificate(derEncoded: certificateBytes)) == nil,
            PKCS12Contents.isPFXShaped(certificateBytes)
        {
            material = try loadPKCS12(certificateBytes)
        } else {
            let certificate = try CertificateFile.leaf(in: certificateBytes, path: certificatePath)
            let keyPath = privateKeyPath ?? certificatePath
            material = Material(certificate: certificate, intermediates: [], key: nil, keySource: keyPath)
            if needsKey {
                let keyBytes = privateKeyPath == nil
                    ? certificateBytes : try FileReader.read(keyPath, role: "private key file (\(setting: .privateKey))")
                let reader = PrivateKeyFile(path: keyPath, passwords: passwordCache.source(passwordSource))
                material.key = try reader.key(from: keyBytes)
            }
        }
        if let intermediatesPath {
            let bytes = try FileReader.read(intermediatesPath, role: "intermediates file (\(setting: .intermediates))")
            material.intermediates = try CertificateFile.certificates(
                in: bytes, path: intermediatesPath, role: "intermediates file (\(setting: .intermediates))")
        }
        return material
    }

    private func loadPKCS12(_ bytes: [UInt8]) throws(RolesAnywhereError) -> Material {
        let passwords = passwordCache.source(passwordSource)
        var password = try passwords.password(for: certificatePath)
        defer { password.wipe() }
        let contents: PKCS12Contents
        do {
            contents = try OpenSSLKeyDecoder.openPKCS12(bytes, password: password)
        } catch {
            passwordCache.forget()
            throw PrivateKeyFile.translate(error, path: certificatePath, format: "PKCS#12 bundle")
        }
        passwords.remember(password)
        var keyDER = contents.privateKeyPKCS8
        defer { keyDER.wipe() }
        let certificate: Certificate
        let others: [Certificate]
        do {
            certificate = try Certificate(derEncoded: contents.certificate)
            others = try contents.otherCertificates.map { try Certificate(derEncoded: $0) }
        } catch {
            throw RolesAnywhereError(.invalidCertificate, "the PKCS#12 bundle '\(certificatePath)' holds a malformed certificate")
        }
        let key = try FileSigningKey(der: keyDER, source: "the PKCS#12 bundle '\(certificatePath)'")
        // Certificates in the bundle other than the leaf are its chain; roots are left out.
        let chain = others.filter { $0.subject != $0.issuer }
        return Material(certificate: certificate, intermediates: chain, key: key, keySource: certificatePath)
    }
}
