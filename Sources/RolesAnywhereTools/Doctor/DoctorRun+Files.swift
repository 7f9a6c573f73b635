import RolesAnywhere
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import X509

extension DoctorRun {
    /// Reads the private key file (or the key inside a combined PEM or PKCS#12 bundle).
    func checkFileKey() {
        let certificatePath = configuration.certificate
        do {
            if let keyPath = configuration.privateKey {
                let bytes = try FileReader.read(keyPath, role: "private key file (--private-key)")
                fileKey = try PrivateKeyFile(path: keyPath, passwords: PasswordCache().source(configuration.passwordSource)).key(from: bytes)
                return record(.key, .ok, "'\(keyPath)': \(fileKey.map { "\($0.algorithm)" } ?? "") key")
            }
            let bytes = try FileReader.read(certificatePath, role: "certificate file (--certificate)")
            if PEMText(bytes) == nil, (try? Certificate(derEncoded: bytes)) == nil {
                isPKCS12 = true
                _ = try makeFileBackend().loadCertificates()
                return record(.key, .ok, "in the PKCS#12 bundle '\(certificatePath)'")
            }
            fileKey = try PrivateKeyFile(path: certificatePath, passwords: PasswordCache().source(configuration.passwordSource))
                .key(from: bytes)
            record(.key, .ok, "in '\(certificatePath)': \(fileKey.map { "\($0.algorithm)" } ?? "") key")
        } catch {
            let failure = error as? RolesAnywhereError
            let fix = failure?.code == .wrongPassword
                ? "give the key's password with --password-env NAME (or type it at the prompt)"
                : "give --private-key the key file the certificate was issued for (PEM PKCS#8, PKCS#1, SEC1 or encrypted PKCS#8)"
            record(.key, .fail, Self.message(error), fix: fix)
        }
    }

    /// Reads the certificate file and the intermediates.
    func checkFileCertificate() {
        do {
            certificate = try makeFileBackend().loadCertificates().certificate
        } catch {
            return record(
                .certificate, .fail, Self.message(error),
                fix: "give --certificate the client certificate (PEM or DER, a combined PEM, a PKCS#12 bundle or a pkcs11: URI)")
        }
        guard readIntermediates(), let certificate else { return }
        record(.certificate, .ok, "'\(configuration.certificate)': \(Self.describe(certificate))\(intermediatesNote)")
    }

    /// Reads `--intermediates` (recording a certificate failure when unreadable).
    /// - Returns: false when it failed.
    func readIntermediates() -> Bool {
        guard let path = configuration.intermediatesPath else { return true }
        do {
            let role: RolesAnywhereError.Wording = "intermediates file (\(setting: .intermediates))"
            intermediates = try CertificateFile.certificates(in: FileReader.read(path, role: role), path: path, role: role)
            return true
        } catch {
            certificate = nil
            record(.certificate, .fail, Self.message(error), fix: "give --intermediates a PEM bundle of the CA certificates between the leaf and the trust anchor")
            return false
        }
    }

    /// `; 1 intermediate: CN=...` or nothing.
    var intermediatesNote: String {
        guard !intermediates.isEmpty else { return "" }
        let count = intermediates.count == 1 ? "1 intermediate" : "\(intermediates.count) intermediates"
        return "; \(count): \(intermediates.map { "\($0.subject)" }.joined(separator: ", "))"
    }

    /// A file backend for the configured files, whose validity check passes inside the window
    /// (the doctor checks validity on its own).
    func makeFileBackend(at time: Date? = nil) -> FileKeyBackend {
        FileKeyBackend(
            certificatePath: configuration.certificate, privateKeyPath: configuration.privateKey,
            intermediatesPath: nil, passwordSource: configuration.passwordSource,
            clock: { [clock = configuration.clock] in time ?? clock() })
    }

    /// `CN=client, serial 1234 (decimal), issued by CN=CA`.
    static func describe(_ certificate: Certificate) -> String {
        "\(certificate.subject), serial \(DecimalSerialNumber.string(fromBigEndian: certificate.serialNumber.bytes)), issued by \(certificate.issuer)"
    }
}
