import RolesAnywhere
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SwiftASN1
import X509

#if canImport(Glibc)
import Glibc
#endif

/// Makes a self-signed root CA, and optionally an intermediate CA under it, and writes them
/// to a ``CertificateAuthorityFolder``.
///
/// CA certificates are X.509 v3 with critical `basicConstraints` (`CA:TRUE`; path length 0 for
/// the intermediate), critical `keyUsage` (`keyCertSign`, `cRLSign`) and a subject key
/// identifier; the intermediate also carries the root's key identifier. Keys are new, made in
/// memory and written unencrypted (PKCS#8) with mode 0600.
public struct CertificateAuthorityMaker: Sendable {
    /// The root's subject; the intermediate's is the same with ` Intermediate` after its CN.
    public var subject: DistinguishedName
    /// How long the CAs are valid.
    public var days: Int
    /// The kind of CA keys.
    public var keyType: CertificateKeyType
    /// Whether an intermediate CA issues the client certificates.
    public var withIntermediate: Bool
    /// Whether an existing CA in the folder may be replaced.
    public var replacesExisting: Bool

    /// Describes the CA to make.
    public init(
        subject: DistinguishedName, days: Int = 3650, keyType: CertificateKeyType = .ecP256,
        withIntermediate: Bool = false, replacesExisting: Bool = false
    ) {
        self.subject = subject
        self.days = days
        self.keyType = keyType
        self.withIntermediate = withIntermediate
        self.replacesExisting = replacesExisting
    }

    /// Makes the CA (valid from `now`) and writes its files.
    /// - Returns: the root certificate and, with ``withIntermediate``, the intermediate.
    @discardableResult
    public func create(in folder: CertificateAuthorityFolder, now: Date = Date()) throws(RolesAnywhereError) -> [Certificate] {
        let keyPath = folder.path(CertificateAuthorityFolder.keyFile)
        if !replacesExisting, access(keyPath, F_OK) == 0 {
            throw RolesAnywhereError(
                .invalidArgument, "'\(folder.directory)' already holds a CA key (\(CertificateAuthorityFolder.keyFile)): pick another --out-dir, or pass --force to replace that CA")
        }
        let period = try ValidityPeriod(days: days, from: now)
        let rootKey = try GeneratedFileKey(keyType)
        let root = try sign(
            subject: subject, key: rootKey.privateKey, issuer: subject, issuerKey: rootKey, issuerKeyIdentifier: nil,
            period: period, pathLength: nil)
        var intermediate: (certificate: Certificate, key: GeneratedFileKey)?
        if withIntermediate {
            let key = try GeneratedFileKey(keyType)
            let certificate = try sign(
                subject: Self.intermediateSubject(of: subject), key: key.privateKey, issuer: subject, issuerKey: rootKey,
                issuerKeyIdentifier: Self.keyIdentifier(of: root.publicKey), period: period, pathLength: 0)
            intermediate = (certificate, key)
        }
        try AtomicFileWriter.makeFolder(folder.directory)
        let rootPEM = try Self.pem(root)
        try PEMFileWriter.writePublic(rootPEM, to: folder.path(CertificateAuthorityFolder.trustAnchorFile))
        if let intermediate {
            let pem = try Self.pem(intermediate.certificate)
            try PEMFileWriter.writeSecret(rootKey.pkcs8PEM, to: folder.path(CertificateAuthorityFolder.rootKeyFile))
            try PEMFileWriter.writeSecret(intermediate.key.pkcs8PEM, to: keyPath)
            try PEMFileWriter.writePublic(pem, to: folder.path(CertificateAuthorityFolder.certificateFile))
            try PEMFileWriter.writePublic(pem, to: folder.path(CertificateAuthorityFolder.chainFile))
            return [root, intermediate.certificate]
        }
        try PEMFileWriter.writeSecret(rootKey.pkcs8PEM, to: keyPath)
        try PEMFileWriter.writePublic(rootPEM, to: folder.path(CertificateAuthorityFolder.certificateFile))
        unlink(folder.path(CertificateAuthorityFolder.rootKeyFile))
        unlink(folder.path(CertificateAuthorityFolder.chainFile))
        return [root]
    }

    private func sign(
        subject: DistinguishedName, key: Certificate.PrivateKey, issuer: DistinguishedName, issuerKey: GeneratedFileKey,
        issuerKeyIdentifier: ArraySlice<UInt8>?, period: ValidityPeriod, pathLength: Int?
    ) throws(RolesAnywhereError) -> Certificate {
        do {
            var extensions = try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: pathLength))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                SubjectKeyIdentifier(keyIdentifier: Self.keyIdentifier(of: key.publicKey))
            }
            if let issuerKeyIdentifier {
                try extensions.append(Certificate.Extension(AuthorityKeyIdentifier(keyIdentifier: issuerKeyIdentifier), critical: false))
            }
            return try Certificate(
                version: .v3, serialNumber: CertificateSerial.random159Bit(), publicKey: key.publicKey,
                notValidBefore: period.notBefore, notValidAfter: period.notAfter, issuer: issuer, subject: subject,
                signatureAlgorithm: issuerKey.algorithm.certificateSignatureAlgorithm, extensions: extensions,
                issuerPrivateKey: issuerKey.privateKey)
        } catch {
            throw RolesAnywhereError(.internalFailure, "cannot sign the CA certificate \(subject): \(error)")
        }
    }

    /// The subject key identifier of a key: SHA-1 of its bit string (RFC 5280 method 1).
    static func keyIdentifier(of key: Certificate.PublicKey) -> ArraySlice<UInt8> {
        SubjectKeyIdentifier(hash: key).keyIdentifier
    }

    /// The root's subject with ` Intermediate` after its CN (or `CN=Intermediate CA` added).
    static func intermediateSubject(of subject: DistinguishedName) -> DistinguishedName {
        var renamed = false
        var names: [RelativeDistinguishedName] = subject.map { rdn in
            RelativeDistinguishedName(rdn.map { attribute in
                guard attribute.type == .RDNAttributeType.commonName, let name = String(attribute.value) else { return attribute }
                renamed = true
                return RelativeDistinguishedName.Attribute(type: .RDNAttributeType.commonName, utf8String: "\(name) Intermediate")
            })
        }
        if !renamed {
            names.append(RelativeDistinguishedName(.init(type: .RDNAttributeType.commonName, utf8String: "Intermediate CA")))
        }
        return DistinguishedName(names)
    }

    static func pem(_ certificate: Certificate) throws(RolesAnywhereError) -> String {
        do {
            return try certificate.serializeAsPEM().pemString
        } catch {
            throw RolesAnywhereError(.internalFailure, "cannot encode the certificate \(certificate.subject): \(error)")
        }
    }
}
